using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Aws.Clients;

public class LambdaClientTests
{
    // Shape as documented for GetFunction (FunctionConfiguration + Code + Tags), with the members AWS-compatible
    // servers vary on: a "+0000" timestamp, an explicit null, and members this client does not know.
    private const string GetFunctionBody = @"{
      ""Configuration"": {
        ""FunctionName"": ""my-func"",
        ""FunctionArn"": ""arn:aws:lambda:us-east-1:123456789012:function:my-func:1"",
        ""Runtime"": ""nodejs18.x"",
        ""Role"": ""arn:aws:iam::123456789012:role/my-func-role"",
        ""Handler"": ""index.handler"",
        ""CodeSize"": 5797206,
        ""Description"": ""v1"",
        ""Timeout"": 30,
        ""MemorySize"": 512,
        ""LastModified"": ""2024-03-01T10:15:30.123+0000"",
        ""CodeSha256"": ""YFgDgEKG3ugvF1+pX64gV6tu9qNuIYNUdgJm8nCxsm4="",
        ""Version"": ""1"",
        ""VpcConfig"": { ""SubnetIds"": [""subnet-b"", ""subnet-a""], ""SecurityGroupIds"": [""sg-1""], ""VpcId"": ""vpc-1"", ""Ipv6AllowedForDualStack"": false },
        ""Environment"": { ""Variables"": { ""TABLE"": ""orders"", ""STAGE"": ""dev"" } },
        ""TracingConfig"": { ""Mode"": ""PassThrough"" },
        ""RevisionId"": ""28f0fb31-5c5c-43d3-8955-03e76c5c1075"",
        ""Layers"": [ { ""Arn"": ""arn:aws:lambda:us-east-1:123456789012:layer:deps:3"", ""CodeSize"": 100 } ],
        ""State"": ""Active"",
        ""LastUpdateStatus"": ""Successful"",
        ""PackageType"": ""Zip"",
        ""Architectures"": [""arm64""],
        ""EphemeralStorage"": { ""Size"": 512 },
        ""DeadLetterConfig"": null,
        ""LoggingConfig"": { ""LogFormat"": ""Text"", ""LogGroup"": ""/aws/lambda/my-func"" },
        ""RuntimeVersionConfig"": { ""RuntimeVersionArn"": ""arn:aws:lambda:us-east-1::runtime:abc"" }
      },
      ""Code"": { ""RepositoryType"": ""S3"", ""Location"": ""https://awslambda-us-east-1-tasks.s3.amazonaws.com/snapshots/123/my-func?X-Amz-Signature=secret"" },
      ""Tags"": { ""aws:cloudformation:stack-name"": ""orders-stack"", ""team"": ""payments"" },
      ""Concurrency"": { ""ReservedConcurrentExecutions"": 10 }
    }";

    private static (RecordingTransport transport, LambdaClient client) Create()
    {
        var transport = new RecordingTransport();
        return (transport, new LambdaClient(transport));
    }

    [Fact]
    public async Task GetFunction_sends_qualifier_as_query_and_reads_configuration_and_tags()
    {
        var (transport, client) = Create();
        transport.Returns(GetFunctionBody);

        var result = await client.GetFunctionAsync("my-func", "1");

        var request = transport.Single;
        Assert.Equal(AwsService.Lambda, request.Service);
        Assert.Equal("GetFunction", request.Operation);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func", request.Path);
        Assert.Equal(new[] { "Qualifier=1" }, RequestAssert.QueryOf(request));
        Assert.Null(request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal("my-func:1", request.Target);

        var configuration = result.Configuration;
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", configuration.FunctionArn);
        Assert.Equal("1", configuration.Version);
        Assert.Equal(512, configuration.MemorySize);
        Assert.Equal(30, configuration.Timeout);
        Assert.Equal(5797206L, configuration.CodeSize);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 15, 30, 123, TimeSpan.Zero), configuration.LastModified);
        Assert.Equal(new[] { "subnet-b", "subnet-a" }, configuration.VpcConfig.SubnetIds);
        Assert.Equal(new[] { "STAGE", "TABLE" }, configuration.Environment.VariableNames);
        Assert.Null(configuration.DeadLetterConfig);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:layer:deps:3", Assert.Single(configuration.Layers).Arn);
        Assert.Equal("orders-stack", result.Tags["aws:cloudformation:stack-name"]);
        Assert.Equal(2, result.Tags.Count);
        Assert.Equal(10, result.Concurrency.ReservedConcurrentExecutions);
        Assert.Equal("S3", result.Code.RepositoryType);
    }

    [Fact]
    public async Task GetFunction_never_keeps_the_presigned_code_location()
    {
        var (transport, client) = Create();
        transport.Returns(GetFunctionBody);

        var result = await client.GetFunctionAsync("my-func");

        Assert.DoesNotContain("X-Amz-Signature", AwsJson.Serialize(result));
        Assert.Empty(transport.Single.Query);
    }

    [Fact]
    public async Task A_function_arn_is_escaped_as_one_path_segment()
    {
        var (transport, client) = Create();
        transport.Returns("{\"FunctionName\":\"my-func\",\"Version\":\"$LATEST\"}");

        var configuration = await client.GetFunctionConfigurationAsync("arn:aws:lambda:us-east-1:123456789012:function:my-func", "$LATEST");

        var request = transport.Single;
        Assert.Equal("GetFunctionConfiguration", request.Operation);
        Assert.Equal("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func/configuration", request.Path);
        Assert.Equal(new[] { "Qualifier=$LATEST" }, RequestAssert.QueryOf(request));
        Assert.Equal("$LATEST", configuration.Version);
    }

    [Fact]
    public async Task ToSnapshot_maps_the_drift_fields_sorted_and_without_environment_values()
    {
        var (transport, client) = Create();
        transport.Returns(GetFunctionBody);

        var snapshot = (await client.GetFunctionAsync("my-func", "1")).ToSnapshot();

        Assert.Equal("1", snapshot.Version);
        Assert.Equal("nodejs18.x", snapshot.Runtime);
        Assert.Equal("index.handler", snapshot.Handler);
        Assert.Equal("arn:aws:iam::123456789012:role/my-func-role", snapshot.Role);
        Assert.Equal(512, snapshot.MemorySize);
        Assert.Equal(30, snapshot.Timeout);
        Assert.Equal(new[] { "subnet-a", "subnet-b" }, snapshot.SubnetIds);
        Assert.Equal(new[] { "sg-1" }, snapshot.SecurityGroupIds);
        Assert.Equal("vpc-1", snapshot.VpcId);
        Assert.True(snapshot.HasVpc);
        Assert.Equal(new[] { "STAGE", "TABLE" }, snapshot.EnvironmentVariableNames);
        Assert.Equal(new[] { "arn:aws:lambda:us-east-1:123456789012:layer:deps:3" }, snapshot.Layers);
        Assert.Equal(new[] { "arm64" }, snapshot.Architectures);
        Assert.Equal("Active", snapshot.State);
        Assert.Equal("Successful", snapshot.LastUpdateStatus);
        Assert.Equal("YFgDgEKG3ugvF1+pX64gV6tu9qNuIYNUdgJm8nCxsm4=", snapshot.CodeSha256);
        Assert.Equal("28f0fb31-5c5c-43d3-8955-03e76c5c1075", snapshot.RevisionId);
        Assert.Null(snapshot.DeadLetterTargetArn);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 15, 30, 123, TimeSpan.Zero), snapshot.LastModified);
    }

    [Fact]
    public void ToSnapshot_treats_missing_or_empty_vpc_as_no_vpc_and_missing_architectures_as_x86_64()
    {
        var withEmptyVpc = AwsJson.Deserialize<FunctionConfiguration>(new AwsResponse
        {
            StatusCode = 200,
            Body = "{\"Version\":\"2\",\"VpcConfig\":{\"SubnetIds\":[],\"SecurityGroupIds\":[],\"VpcId\":\"\"},\"Environment\":null,\"Architectures\":null}",
        }, "GetFunctionConfiguration").ToSnapshot();
        var withoutVpc = new FunctionConfiguration { Version = "3", Architectures = null, Layers = null }.ToSnapshot();

        foreach (var snapshot in new[] { withEmptyVpc, withoutVpc })
        {
            Assert.False(snapshot.HasVpc);
            Assert.Empty(snapshot.SubnetIds);
            Assert.Null(snapshot.VpcId);
            Assert.Empty(snapshot.EnvironmentVariableNames);
            Assert.Empty(snapshot.Layers);
            Assert.Equal(new[] { "x86_64" }, snapshot.Architectures);
        }
    }

    [Fact]
    public async Task ListFunctions_streams_every_page_following_NextMarker()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"Functions\":[{\"FunctionName\":\"a\"},{\"FunctionName\":\"b\"}],\"NextMarker\":\"m1\"}")
            .Returns("{\"Functions\":[{\"FunctionName\":\"c\"}],\"NextMarker\":\"m2\"}")
            .Returns("{\"Functions\":[{\"FunctionName\":\"d\"}],\"NextMarker\":null}");

        var names = (await client.ListFunctionsAsync(allVersions: true).CollectAsync()).Select(f => f.FunctionName);

        Assert.Equal(new[] { "a", "b", "c", "d" }, names);
        Assert.Equal(3, transport.Requests.Count);
        Assert.All(transport.Requests, r => Assert.Equal("/2015-03-31/functions/", r.Path));
        Assert.All(transport.Requests, r => Assert.Equal("ListFunctions", r.Operation));
        Assert.Equal(new[] { "FunctionVersion=ALL" }, RequestAssert.QueryOf(transport.Requests[0]));
        Assert.Equal(new[] { "FunctionVersion=ALL", "Marker=m1" }, RequestAssert.QueryOf(transport.Requests[1]));
        Assert.Equal(new[] { "FunctionVersion=ALL", "Marker=m2" }, RequestAssert.QueryOf(transport.Requests[2]));
    }

    [Fact]
    public async Task A_page_can_be_fetched_on_its_own_with_MaxItems()
    {
        var (transport, client) = Create();
        transport.Returns("{\"Versions\":[{\"Version\":\"$LATEST\"},{\"Version\":\"1\"}],\"NextMarker\":\"next\"}");

        var page = await client.ListVersionsByFunctionPageAsync("my-func", "start", 2);

        var request = transport.Single;
        Assert.Equal("ListVersionsByFunction", request.Operation);
        Assert.Equal("/2015-03-31/functions/my-func/versions", request.Path);
        Assert.Equal(new[] { "Marker=start", "MaxItems=2" }, RequestAssert.QueryOf(request));
        Assert.Equal(new[] { "$LATEST", "1" }, page.Items.Select(v => v.Version));
        Assert.Equal("next", page.NextToken);
        Assert.False(page.IsLastPage);
    }

    [Fact]
    public async Task The_stream_fetches_a_page_only_when_the_consumer_reaches_it()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"Versions\":[{\"Version\":\"$LATEST\"},{\"Version\":\"1\"}],\"NextMarker\":\"m1\"}")
            .Returns("{\"Versions\":[{\"Version\":\"2\"}]}");

        await using var enumerator = client.ListVersionsByFunctionAsync("my-func").GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.True(await enumerator.MoveNextAsync());

        Assert.Single(transport.Requests);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("2", enumerator.Current.Version);
        Assert.Equal(2, transport.Requests.Count);
        Assert.False(await enumerator.MoveNextAsync());
    }

    [Fact]
    public async Task A_server_repeating_a_marker_is_reported_instead_of_looping()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"Aliases\":[{\"Name\":\"a\"}],\"NextMarker\":\"same\"}")
            .Returns("{\"Aliases\":[{\"Name\":\"b\"}],\"NextMarker\":\"same\"}");

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.ListAliasesAsync("my-func").CollectAsync());

        Assert.Equal("PaginationLoop", ex.ErrorCode);
        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task PublishVersion_posts_preconditions_and_is_retry_safe()
    {
        var (transport, client) = Create();
        transport.Returns("{\"FunctionName\":\"my-func\",\"Version\":\"3\",\"State\":\"Pending\",\"CodeSha256\":\"sha\"}", 201);

        var version = await client.PublishVersionAsync(new PublishVersionRequest
        {
            FunctionName = "my-func",
            CodeSha256 = "sha",
            RevisionId = "rev-1",
            Description = "published by LambdaAlias",
        });

        var request = transport.Single;
        Assert.Equal("PublishVersion", request.Operation);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/versions", request.Path);
        Assert.Empty(request.Query);
        RequestAssert.BodyEquals("{\"CodeSha256\":\"sha\",\"Description\":\"published by LambdaAlias\",\"RevisionId\":\"rev-1\"}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal("3", version.Version);
        Assert.Equal("Pending", version.State);
    }

    [Fact]
    public async Task CreateAlias_posts_name_version_and_routing()
    {
        var (transport, client) = Create();
        transport.Returns(@"{""AliasArn"":""arn:aws:lambda:us-east-1:123456789012:function:my-func:live"",""Name"":""live"",""FunctionVersion"":""1"",""Description"":"""",""RevisionId"":""r1"",""RoutingConfig"":{""AdditionalVersionWeights"":{""2"":0.1}}}", 201);

        var alias = await client.CreateAliasAsync(new CreateAliasRequest
        {
            FunctionName = "my-func",
            Name = "live",
            FunctionVersion = "1",
            RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double> { ["2"] = 0.1 } },
        });

        var request = transport.Single;
        Assert.Equal("CreateAlias", request.Operation);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/aliases", request.Path);
        RequestAssert.BodyEquals("{\"Name\":\"live\",\"FunctionVersion\":\"1\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":0.1}}}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:live", alias.AliasArn);
        Assert.True(alias.HasWeightedRouting);
        Assert.Equal(0.1, alias.RoutingConfig.AdditionalVersionWeights["2"]);
    }

    [Fact]
    public async Task GetAlias_and_DeleteAlias_address_the_alias_path()
    {
        var (transport, client) = Create();
        transport.Returns("{\"Name\":\"live\",\"FunctionVersion\":\"1\",\"RoutingConfig\":null}").Returns("", 204);

        var alias = await client.GetAliasAsync("my-func", "live");
        await client.DeleteAliasAsync("my-func", "live");

        Assert.Equal("GetAlias", transport.Requests[0].Operation);
        Assert.Equal("GET", transport.Requests[0].HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/aliases/live", transport.Requests[0].Path);
        Assert.False(alias.HasWeightedRouting);
        Assert.Equal("DeleteAlias", transport.Requests[1].Operation);
        Assert.Equal("DELETE", transport.Requests[1].HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/aliases/live", transport.Requests[1].Path);
        Assert.True(transport.Requests[1].IsIdempotent);
    }

    [Fact]
    public async Task ListAliases_filters_by_version()
    {
        var (transport, client) = Create();
        transport.Returns("{\"Aliases\":[{\"Name\":\"live\",\"FunctionVersion\":\"1\"}]}");

        var aliases = await client.ListAliasesAsync("my-func", "1").CollectAsync();

        Assert.Equal("/2015-03-31/functions/my-func/aliases", transport.Single.Path);
        Assert.Equal(new[] { "FunctionVersion=1" }, RequestAssert.QueryOf(transport.Single));
        Assert.Equal("live", Assert.Single(aliases).Name);
    }

    [Theory]
    [InlineData("rev-7", true)]
    [InlineData(null, false)]
    public async Task UpdateAlias_puts_the_new_target_and_is_retry_safe_only_with_a_revision(string revisionId, bool idempotent)
    {
        var (transport, client) = Create();
        transport.Returns("{\"Name\":\"live\",\"FunctionVersion\":\"2\",\"RevisionId\":\"rev-8\"}");

        var alias = await client.UpdateAliasAsync(new UpdateAliasRequest
        {
            FunctionName = "my-func",
            Name = "live",
            FunctionVersion = "2",
            RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = new Dictionary<string, double>() },
            RevisionId = revisionId,
        });

        var request = transport.Single;
        Assert.Equal("UpdateAlias", request.Operation);
        Assert.Equal("PUT", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/aliases/live", request.Path);
        var expectedBody = revisionId == null
            ? "{\"FunctionVersion\":\"2\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{}}}"
            : "{\"FunctionVersion\":\"2\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{}},\"RevisionId\":\"" + revisionId + "\"}";
        RequestAssert.BodyEquals(expectedBody, request.Body);
        Assert.Equal(idempotent, request.IsIdempotent);
        Assert.Equal("rev-8", alias.RevisionId);
    }

    [Fact]
    public async Task AddPermission_sends_every_member_in_the_body_and_the_qualifier_in_the_query()
    {
        var (transport, client) = Create();
        const string statement = "{\"Sid\":\"lambdaalias-abc\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\"}";
        transport.Returns("{\"Statement\":" + System.Text.Json.JsonSerializer.Serialize(statement) + "}", 201);

        var result = await client.AddPermissionAsync(new AddPermissionRequest
        {
            FunctionName = "my-func",
            Qualifier = "live",
            StatementId = "lambdaalias-abc",
            Principal = "apigateway.amazonaws.com",
            SourceArn = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/orders",
            SourceAccount = "123456789012",
            EventSourceToken = "token-1",
            RevisionId = "policy-rev",
            PrincipalOrgID = "o-abc",
            FunctionUrlAuthType = "NONE",
        });

        var request = transport.Single;
        Assert.Equal("AddPermission", request.Operation);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/policy", request.Path);
        Assert.Equal(new[] { "Qualifier=live" }, RequestAssert.QueryOf(request));
        RequestAssert.BodyEquals(@"{""StatementId"":""lambdaalias-abc"",""Action"":""lambda:InvokeFunction"",""Principal"":""apigateway.amazonaws.com"",
            ""SourceArn"":""arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/orders"",""SourceAccount"":""123456789012"",
            ""EventSourceToken"":""token-1"",""RevisionId"":""policy-rev"",""PrincipalOrgID"":""o-abc"",""FunctionUrlAuthType"":""NONE""}", request.Body);
        Assert.True(request.IsIdempotent);
        Assert.Equal(statement, result.Statement);
    }

    [Fact]
    public async Task AddPermission_on_the_unqualified_function_sends_no_qualifier_and_omits_unset_members()
    {
        var (transport, client) = Create();
        transport.Returns("{\"Statement\":\"{}\"}", 201);

        await client.AddPermissionAsync(new AddPermissionRequest { FunctionName = "my-func", StatementId = "s1", Principal = "sns.amazonaws.com" });

        Assert.Empty(transport.Single.Query);
        RequestAssert.BodyEquals("{\"StatementId\":\"s1\",\"Action\":\"lambda:InvokeFunction\",\"Principal\":\"sns.amazonaws.com\"}", transport.Single.Body);
    }

    [Fact]
    public async Task GetPolicy_returns_the_raw_policy_and_revision()
    {
        var (transport, client) = Create();
        const string policy = "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"s1\",\"Effect\":\"Allow\"}]}";
        transport.Returns("{\"Policy\":" + System.Text.Json.JsonSerializer.Serialize(policy) + ",\"RevisionId\":\"rev-1\"}");

        var result = await client.GetPolicyAsync("my-func", "1");

        var request = transport.Single;
        Assert.Equal("GetPolicy", request.Operation);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/policy", request.Path);
        Assert.Equal(new[] { "Qualifier=1" }, RequestAssert.QueryOf(request));
        Assert.True(result.HasPolicy);
        Assert.Equal(policy, result.Policy);
        Assert.Equal("rev-1", result.RevisionId);
    }

    [Theory]
    [InlineData("The resource you requested does not exist.")]
    [InlineData("No policy is found for: arn:aws:lambda:us-east-1:000000000000:function:my-func:1")]
    public async Task GetPolicy_404_for_a_function_without_policy_means_no_statements(string message)
    {
        var (transport, client) = Create();
        transport.Throws("ResourceNotFoundException", message, 404);

        var result = await client.GetPolicyAsync("my-func", "1");

        Assert.False(result.HasPolicy);
        Assert.Null(result.Policy);
        Assert.Null(result.RevisionId);
    }

    [Fact]
    public async Task GetPolicy_for_a_missing_function_or_version_is_still_an_error()
    {
        var (transport, client) = Create();
        transport.Throws("ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:my-func:99", 404);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetPolicyAsync("my-func", "99"));

        Assert.True(ex.IsNotFound);
        Assert.Contains("my-func:99", ex.Message);
    }

    [Theory]
    [InlineData("AccessDeniedException", 403)]
    [InlineData(null, 404)]
    [InlineData("TooManyRequestsException", 429)]
    public async Task GetPolicy_passes_other_errors_through(string code, int status)
    {
        var (transport, client) = Create();
        transport.Throws(code, "nope", status);

        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetPolicyAsync("my-func"));

        Assert.Equal(status, ex.StatusCode);
    }

    [Fact]
    public async Task RemovePermission_deletes_the_statement_path_with_qualifier_and_revision_query()
    {
        var (transport, client) = Create();
        transport.Returns("", 204);

        await client.RemovePermissionAsync("my-func", "lambdaalias-abc", "1", "rev-2");

        var request = transport.Single;
        Assert.Equal("RemovePermission", request.Operation);
        Assert.Equal("DELETE", request.HttpMethod);
        Assert.Equal("/2015-03-31/functions/my-func/policy/lambdaalias-abc", request.Path);
        Assert.Equal(new[] { "Qualifier=1", "RevisionId=rev-2" }, RequestAssert.QueryOf(request));
        Assert.Null(request.Body);
        Assert.True(request.IsIdempotent);
    }

    [Fact]
    public async Task ListEventSourceMappings_filters_by_function_and_reads_epoch_timestamps()
    {
        var (transport, client) = Create();
        transport
            .Returns(@"{""NextMarker"":""p2"",""EventSourceMappings"":[{""UUID"":""14e0db71-5d35-4eb5-b481-8945cf9d10c2"",""BatchSize"":10,
                ""EventSourceArn"":""arn:aws:sqs:us-east-1:123456789012:orders"",""FunctionArn"":""arn:aws:lambda:us-east-1:123456789012:function:my-func:1"",
                ""LastModified"":1569284520.333,""State"":""Enabled"",""StateTransitionReason"":""USER_INITIATED"",""FunctionResponseTypes"":null,
                ""ScalingConfig"":{""MaximumConcurrency"":5}}]}")
            .Returns(@"{""EventSourceMappings"":[{""UUID"":""u2"",""FunctionArn"":""arn:aws:lambda:us-east-1:123456789012:function:my-func"",""LastModified"":""2024-01-02T03:04:05Z""}]}");

        var mappings = await client.ListEventSourceMappingsAsync(functionName: "my-func").CollectAsync();

        Assert.Equal(new[] { "FunctionName=my-func" }, RequestAssert.QueryOf(transport.Requests[0]));
        Assert.Equal(new[] { "FunctionName=my-func", "Marker=p2" }, RequestAssert.QueryOf(transport.Requests[1]));
        Assert.All(transport.Requests, r => Assert.Equal("/2015-03-31/event-source-mappings/", r.Path));
        Assert.Equal(2, mappings.Count);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:my-func:1", mappings[0].FunctionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1569284520333), mappings[0].LastModified);
        Assert.Empty(mappings[0].FunctionResponseTypes);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), mappings[1].LastModified);
    }

    [Fact]
    public async Task Get_and_UpdateEventSourceMapping_address_the_uuid()
    {
        var (transport, client) = Create();
        transport
            .Returns("{\"UUID\":\"u1\",\"State\":\"Enabled\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:1\"}")
            .Returns("{\"UUID\":\"u1\",\"State\":\"Updating\",\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:live\"}", 202);

        await client.GetEventSourceMappingAsync("u1");
        var updated = await client.UpdateEventSourceMappingAsync(new UpdateEventSourceMappingRequest
        {
            UUID = "u1",
            FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:my-func:live",
        });

        Assert.Equal("GetEventSourceMapping", transport.Requests[0].Operation);
        Assert.Equal("/2015-03-31/event-source-mappings/u1", transport.Requests[0].Path);
        var update = transport.Requests[1];
        Assert.Equal("UpdateEventSourceMapping", update.Operation);
        Assert.Equal("PUT", update.HttpMethod);
        Assert.Equal("/2015-03-31/event-source-mappings/u1", update.Path);
        RequestAssert.BodyEquals("{\"FunctionName\":\"arn:aws:lambda:us-east-1:123456789012:function:my-func:live\"}", update.Body);
        Assert.True(update.IsIdempotent);
        Assert.Equal("Updating", updated.State);
    }

    [Fact]
    public async Task ListTags_escapes_the_function_arn_into_the_2017_path()
    {
        var (transport, client) = Create();
        transport.Returns("{\"Tags\":{\"team\":\"payments\"}}");

        var tags = await client.ListTagsAsync("arn:aws:lambda:us-east-1:123456789012:function:my-func");

        Assert.Equal("ListTags", transport.Single.Operation);
        Assert.Equal("/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-func", transport.Single.Path);
        Assert.Equal("payments", tags["team"]);
    }

    [Fact]
    public async Task Every_request_names_the_lambda_service()
    {
        var (transport, client) = Create();
        transport.Returns("{}").Returns("{}").Returns("{}");

        await client.GetFunctionConfigurationAsync("f");
        await client.ListTagsAsync("arn:aws:lambda:us-east-1:1:function:f");
        await client.GetEventSourceMappingAsync("u");

        Assert.All(transport.Requests, r => Assert.Equal(AwsService.Lambda, r.Service));
        Assert.All(transport.Requests, r => Assert.False(string.IsNullOrEmpty(r.Target)));
    }
}
