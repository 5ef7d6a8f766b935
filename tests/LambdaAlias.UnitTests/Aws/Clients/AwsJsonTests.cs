using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

public class AwsJsonTests
{
    private static T Parse<T>(string body, string contentType = "application/json") where T : new()
        => AwsJson.Deserialize<T>(new AwsResponse { StatusCode = 200, Body = body, ContentType = contentType }, "TestOperation");

    [Theory]
    [InlineData("1569340861", "2019-09-24T16:01:01.0000000+00:00")]
    [InlineData("1569340861.123", "2019-09-24T16:01:01.1230000+00:00")]
    [InlineData("1.569340861123E9", "2019-09-24T16:01:01.1230000+00:00")]
    [InlineData("\"1569340861.5\"", "2019-09-24T16:01:01.5000000+00:00")]
    [InlineData("1569340861123", "2019-09-24T16:01:01.1230000+00:00")]
    [InlineData("\"2019-09-24T16:01:01Z\"", "2019-09-24T16:01:01.0000000+00:00")]
    [InlineData("\"2019-09-24T16:01:01.234+0000\"", "2019-09-24T16:01:01.2340000+00:00")]
    [InlineData("\"2019-09-24T18:01:01.234+0200\"", "2019-09-24T16:01:01.2340000+00:00")]
    [InlineData("\"2019-09-24T16:01:01.123456789Z\"", "2019-09-24T16:01:01.1234567+00:00")]
    [InlineData("\"2019-09-24T16:01:01.1Z\"", "2019-09-24T16:01:01.1000000+00:00")]
    [InlineData("\"2019-09-24T16:01:01\"", "2019-09-24T16:01:01.0000000+00:00")]
    [InlineData("\"2019-09-24T11:01:01-05:00\"", "2019-09-24T16:01:01.0000000+00:00")]
    [InlineData("\"Tue, 24 Sep 2019 16:01:01 GMT\"", "2019-09-24T16:01:01.0000000+00:00")]
    public void Timestamps_are_read_from_epoch_seconds_and_iso8601(string jsonValue, string expectedUtc)
    {
        var deployment = Parse<RestDeployment>("{\"id\":\"d1\",\"createdDate\":" + jsonValue + "}");

        Assert.Equal(expectedUtc, deployment.CreatedDate.Value.ToUniversalTime().ToString("o"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Null_or_empty_timestamp_reads_as_absent(string jsonValue)
    {
        var deployment = Parse<RestDeployment>("{\"id\":\"d1\",\"createdDate\":" + jsonValue + "}");

        Assert.Equal("d1", deployment.Id);
        Assert.Null(deployment.CreatedDate);
    }

    [Fact]
    public void An_unreadable_timestamp_is_a_clear_error_naming_the_value()
    {
        var ex = Assert.Throws<AwsServiceException>(() => Parse<RestDeployment>("{\"createdDate\":\"yesterday\"}"));

        Assert.Equal("InvalidResponseBody", ex.ErrorCode);
        Assert.Contains("yesterday", ex.Message);
    }

    [Fact]
    public void Unknown_members_are_ignored_and_explicit_nulls_give_empty_collections()
    {
        var stage = Parse<RestStage>(@"{
            ""stageName"": ""dev"",
            ""deploymentId"": ""abc"",
            ""variables"": null,
            ""tags"": null,
            ""canarySettings"": null,
            ""someFutureMember"": { ""nested"": [1, 2, {""x"": null}] },
            ""anotherOne"": ""value""
        }");

        Assert.Equal("dev", stage.StageName);
        Assert.Equal("abc", stage.DeploymentId);
        Assert.NotNull(stage.Variables);
        Assert.Empty(stage.Variables);
        Assert.NotNull(stage.Tags);
        Assert.Null(stage.CanarySettings);
    }

    [Fact]
    public void Missing_optional_members_leave_empty_collections_and_null_scalars()
    {
        var api = Parse<RestApi>("{\"id\":\"a1\"}");

        Assert.Equal("a1", api.Id);
        Assert.Null(api.Name);
        Assert.Null(api.CreatedDate);
        Assert.Empty(api.Tags);
        Assert.Empty(api.BinaryMediaTypes);
    }

    [Fact]
    public void Numbers_and_booleans_sent_as_strings_are_accepted()
    {
        var stage = Parse<V2Stage>("{\"stageName\":\"$default\",\"autoDeploy\":\"true\",\"defaultRouteSettings\":{\"throttlingBurstLimit\":\"100\",\"throttlingRateLimit\":\"50.5\"}}");

        Assert.True(stage.AutoDeploy);
        Assert.Equal(100, stage.DefaultRouteSettings.ThrottlingBurstLimit);
        Assert.Equal(50.5, stage.DefaultRouteSettings.ThrottlingRateLimit);
    }

    [Fact]
    public void Null_values_inside_maps_and_lists_are_kept_as_null()
    {
        var stage = Parse<RestStage>("{\"variables\":{\"a\":\"1\",\"b\":null}}");

        Assert.Equal(2, stage.Variables.Count);
        Assert.Equal("1", stage.Variables["a"]);
        Assert.Null(stage.Variables["b"]);
    }

    [Fact]
    public void A_json_body_with_another_content_type_is_still_read()
    {
        var api = Parse<RestApi>("{\"id\":\"a1\",\"name\":\"n\"}", contentType: "application/x-amz-json-1.1");

        Assert.Equal("n", api.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_body_reads_as_an_empty_result(string body)
    {
        var result = Parse<AddPermissionResult>(body);

        Assert.NotNull(result);
        Assert.Null(result.Statement);
    }

    [Fact]
    public void A_non_json_success_body_is_a_clear_error_with_status_and_excerpt()
    {
        var response = new AwsResponse
        {
            StatusCode = 200,
            ContentType = "text/html",
            RequestId = "r-1",
            Body = "<html><body><h1>Bad gateway</h1></body></html>",
        };

        var ex = Assert.Throws<AwsServiceException>(() => AwsJson.Deserialize<RestApi>(response, "GetRestApi"));

        Assert.Equal("InvalidResponseBody", ex.ErrorCode);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("r-1", ex.RequestId);
        Assert.Equal("GetRestApi", ex.Operation);
        Assert.Contains("text/html", ex.Message);
        Assert.Contains("<html>", ex.Message);
    }

    [Fact]
    public void Serialisation_uses_wire_names_and_omits_nulls()
    {
        var body = AwsJson.Serialize(new PublishVersionRequest { FunctionName = "my-func", CodeSha256 = "sha", RevisionId = null });

        Assert.Equal("{\"CodeSha256\":\"sha\"}", body);
    }

    [Fact]
    public void Environment_variable_values_are_dropped_while_parsing()
    {
        var configuration = Parse<FunctionConfiguration>(
            "{\"Environment\":{\"Variables\":{\"TABLE\":\"orders\",\"API_KEY\":\"s3cr3t-value\"},\"Error\":{\"ErrorCode\":\"KMSAccessDenied\",\"Message\":\"cannot decrypt s3cr3t\"}}}");

        Assert.Equal(new[] { "API_KEY", "TABLE" }, configuration.Environment.VariableNames);
        Assert.Equal("KMSAccessDenied", configuration.Environment.ErrorCode);
        var roundTrip = AwsJson.Serialize(configuration);
        Assert.DoesNotContain("s3cr3t", roundTrip);
        Assert.DoesNotContain("orders", roundTrip);
    }

    [Theory]
    [InlineData("my-func", "my-func")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func%3A1")]
    [InlineData("$LATEST", "%24LATEST")]
    [InlineData("$default", "%24default")]
    [InlineData("arn:aws:apigateway:us-east-1::/restapis/abc123", "arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fabc123")]
    [InlineData("a b+c~d_e.f", "a%20b%2Bc~d_e.f")]
    [InlineData("{proxy+}", "%7Bproxy%2B%7D")]
    [InlineData("é", "%C3%A9")]
    public void Path_labels_are_escaped_as_single_segments(string label, string expected)
    {
        Assert.Equal(expected, AwsPath.Escape(label));
    }

    [Fact]
    public void An_empty_path_label_is_refused_rather_than_collapsing_the_path()
    {
        Assert.Throws<ArgumentException>(() => AwsPath.Escape(""));
    }
}
