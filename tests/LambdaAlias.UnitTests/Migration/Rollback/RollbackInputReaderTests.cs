using System.Management.Automation;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Migration.Rollback;

/// <summary>Validation of one record's input: each bad case gets this module's ErrorId; good ones become a request.</summary>
public class RollbackInputReaderTests
{
    private static RollbackInputReading Read(string function = null, string alias = null, string arn = null, string region = null, string account = null, PipedObjectInfo piped = null) =>
        RollbackInputReader.Read(new RollbackInputValues { FunctionName = function, AliasName = alias, AliasArn = arn, Region = region, AccountId = account, Piped = piped });

    private static RollbackRequest Ok(RollbackInputReading reading)
    {
        Assert.Null(reading.Error);
        Assert.Null(reading.SkipWarning);
        return reading.Request;
    }

    [Fact]
    public void Function_and_alias_names_make_a_request()
    {
        var r = Ok(Read("my-func", "live", region: "us-east-1", account: "123456789012"));
        Assert.Equal(("my-func", "live", "us-east-1", "123456789012"), (r.FunctionName, r.AliasName, r.Region, r.AccountId));
        Assert.Null(r.SourceStatus);
    }

    [Fact]
    public void An_alias_ARN_gives_function_alias_region_and_account()
    {
        var r = Ok(Read(arn: "arn:aws:lambda:eu-west-1:210987654321:function:my-func:live"));
        Assert.Equal(("my-func", "live", "eu-west-1", "210987654321"), (r.FunctionName, r.AliasName, r.Region, r.AccountId));
        Assert.Equal("arn:aws:lambda:eu-west-1:210987654321:function:my-func:live", r.AliasArn);
    }

    [Theory]
    [InlineData("my-func:live", null)]
    [InlineData("my-func:live", "live")]
    [InlineData("123456789012:function:my-func:live", null)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:my-func", "live")]
    public void A_qualified_or_ARN_function_name_names_the_function_and_may_name_the_alias(string function, string alias)
    {
        var r = Ok(Read(function, alias));
        Assert.Equal(("my-func", "live"), (r.FunctionName, r.AliasName));
    }

    [Fact]
    public void A_piped_string_is_an_alias_ARN_or_function_colon_alias()
    {
        Assert.Equal(("f", "a"), Pair(Ok(Read(piped: new PipedObjectInfo { Text = "f:a" }))));
        Assert.Equal(("f", "a"), Pair(Ok(Read(piped: new PipedObjectInfo { Text = " arn:aws:lambda:us-east-1:123456789012:function:f:a " }))));
    }

    private static (string, string) Pair(RollbackRequest r) => (r.FunctionName, r.AliasName);

    [Theory]
    [InlineData(null, null, null, "RollbackInputIncomplete")]
    [InlineData("my-func", null, null, "RollbackInputIncomplete")]
    [InlineData(null, "live", null, "RollbackInputIncomplete")]
    [InlineData("my-func", "1", null, "NotAnAlias")]
    [InlineData("my-func", "$LATEST", null, "NotAnAlias")]
    [InlineData("my-func:1", null, null, "NotAnAlias")]
    [InlineData("my-func:$LATEST", null, null, "NotAnAlias")]
    [InlineData(null, null, "arn:aws:lambda:us-east-1:123456789012:function:my-func", "NotAnAlias")]
    [InlineData(null, null, "arn:aws:lambda:us-east-1:123456789012:function:my-func:7", "NotAnAlias")]
    [InlineData("my-func", "li ve", null, "InvalidAliasName")]
    [InlineData("my-func", "li'; drop", null, "InvalidAliasName")]
    [InlineData("my-func", "a/b", null, "InvalidAliasName")]
    [InlineData("my-func", "ünïcode", null, "InvalidAliasName")]
    [InlineData("my func", "live", null, "MalformedArn")]
    [InlineData("my-func:${stageVariables.alias}", null, null, "MalformedArn")]
    [InlineData(null, null, "arn:aws:s3:::bucket/key", "MalformedArn")]
    [InlineData(null, null, "arn:aws:lambda:us-east-1:123456789012:function:my-func:${stageVariables.a}", "MalformedArn")]
    [InlineData("my-func:live", "other", null, "ConflictingRollbackInput")]
    [InlineData("other-func", null, "arn:aws:lambda:us-east-1:123456789012:function:my-func:live", "ConflictingRollbackInput")]
    [InlineData(null, "other", "arn:aws:lambda:us-east-1:123456789012:function:my-func:live", "ConflictingRollbackInput")]
    public void Bad_input_gets_a_specific_ErrorId(string function, string alias, string arn, string errorId)
    {
        var reading = Read(function, alias, arn);
        Assert.Null(reading.Request);
        Assert.Equal(errorId, reading.Error?.ErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, reading.Error.Category);
    }

    [Fact]
    public void An_ARN_in_another_region_or_account_than_the_parameters_conflicts()
    {
        const string arn = "arn:aws:lambda:eu-west-1:123456789012:function:my-func:live";
        Assert.Equal(ErrorIds.ConflictingRollbackInput, Read(arn: arn, region: "us-east-1").Error.ErrorId);
        Assert.Equal(ErrorIds.ConflictingRollbackInput, Read(arn: arn, account: "999999999999").Error.ErrorId);
        Assert.Equal("eu-west-1", Ok(Read(arn: arn, region: "EU-WEST-1")).Region.ToLowerInvariant());
    }

    [Fact]
    public void An_alias_name_longer_than_128_characters_is_invalid()
    {
        Assert.Equal(ErrorIds.InvalidAliasName, Read("my-func", new string('a', 129)).Error.ErrorId);
        Assert.Null(Read("my-func", new string('a', 128)).Error);
    }

    [Theory]
    [InlineData("WhatIf")]
    [InlineData("Declined")]
    [InlineData("Failed")]
    public void Migration_results_of_changes_that_did_not_happen_carry_their_status_for_the_dedupe_to_skip(string status)
    {
        var piped = new PipedObjectInfo { Kind = PipedObjectInfo.MigrationResultKind, Status = status, Description = "migration result for GET /orders" };
        var r = Ok(Read("my-func", "live", piped: piped));
        Assert.Equal(status, r.SourceStatus.ToString());
        var batch = RollbackRequests.Dedupe(new[] { r });
        Assert.Empty(batch.Requests);
        Assert.Contains(status, Assert.Single(batch.Warnings));
    }

    [Fact]
    public void A_failed_migration_result_is_skipped_even_when_it_names_no_alias()
    {
        var piped = new PipedObjectInfo { Kind = PipedObjectInfo.MigrationResultKind, Status = "Failed", Description = "migration result for GET /orders" };
        var r = Ok(Read("my-func", null, piped: piped));
        Assert.Equal(MigrationStatus.Failed, r.SourceStatus);
    }

    [Theory]
    [InlineData("Migrated")]
    [InlineData("AlreadyOnAlias")]
    [InlineData("PartiallyApplied")]
    public void Migration_results_of_changes_that_happened_are_rolled_back(string status)
    {
        var piped = new PipedObjectInfo { Kind = PipedObjectInfo.MigrationResultKind, Status = status };
        var r = Ok(Read("my-func", "live", piped: piped));
        Assert.Single(RollbackRequests.Dedupe(new[] { r }).Requests);
    }

    [Theory]
    [InlineData("WhatIf")]
    [InlineData("Declined")]
    [InlineData("Failed")]
    public void Rollback_results_that_did_not_happen_are_skipped_with_a_warning(string status)
    {
        var piped = new PipedObjectInfo { Kind = PipedObjectInfo.RollbackResultKind, Status = status, Description = "rollback result for my-func:live" };
        var reading = Read("my-func", "live", piped: piped);
        Assert.Null(reading.Request);
        Assert.Null(reading.Error);
        Assert.Contains(status, reading.SkipWarning);
        Assert.StartsWith("Skipped my-func:live", reading.SkipWarning);
    }

    [Fact]
    public void A_version_pin_is_not_an_alias_unless_an_alias_name_is_given()
    {
        var pin = new PipedObjectInfo { Kind = PipedObjectInfo.PinKindName, PinKind = "Version", Description = "pin at REST dev-api GET /orders" };
        var error = Read("my-func", null, piped: pin).Error;
        Assert.Equal(ErrorIds.NotAnAlias, error.ErrorId);
        Assert.Contains("Set-IntegrationToAlias", error.Message);
        Assert.Equal(("my-func", "live"), Pair(Ok(Read("my-func", "live", piped: pin))));
        Assert.Equal(("my-func", "live"), Pair(Ok(Read("my-func", "live", piped: new PipedObjectInfo { Kind = PipedObjectInfo.PinKindName, PinKind = "Alias" }))));
    }

    [Fact]
    public void PipedObjectInfo_reads_live_and_deserialized_results_and_pins()
    {
        var result = new MigrationResult { FunctionName = "my-func", AliasName = "live", Status = MigrationStatus.WhatIf, Pin = new LambdaIntegrationPin { Location = "REST dev (a1) GET /orders" } };
        var live = PipedObjectInfo.From(PSObject.AsPSObject(result));
        Assert.Equal((PipedObjectInfo.MigrationResultKind, "WhatIf", "migration result for REST dev (a1) GET /orders"), (live.Kind, live.Status, live.Description));

        // Depth 2, as Export-Clixml writes it, keeps the pin as an object.
        var deserialized = PipedObjectInfo.From((PSObject)PSSerializer.Deserialize(PSSerializer.Serialize(result, 2)));
        Assert.Equal((PipedObjectInfo.MigrationResultKind, "WhatIf"), (deserialized.Kind, deserialized.Status));
        Assert.Equal("migration result for REST dev (a1) GET /orders", deserialized.Description);

        var pin = PipedObjectInfo.From(PSObject.AsPSObject(new LambdaIntegrationPin { PinKind = PinKind.Version, Location = "HTTP api GET /items" }));
        Assert.Equal((PipedObjectInfo.PinKindName, "Version", "pin at HTTP api GET /items"), (pin.Kind, pin.PinKind, pin.Description));

        var rollback = PipedObjectInfo.From(PSObject.AsPSObject(new AliasRollbackResult { FunctionName = "f", AliasName = "a", Status = RollbackStatus.Declined }));
        Assert.Equal((PipedObjectInfo.RollbackResultKind, "Declined"), (rollback.Kind, rollback.Status));
        Assert.True(rollback.IsResult);

        var other = PipedObjectInfo.From(PSObject.AsPSObject(new { AliasArn = "x", Status = "WhatIf" }));
        Assert.Null(other.Kind);
        Assert.False(other.IsResult);
        Assert.Equal("f:a", PipedObjectInfo.From(PSObject.AsPSObject("f:a")).Text);
        Assert.Null(PipedObjectInfo.From(null));
    }
}

/// <summary>Results made under -WhatIf record no change, whatever their Status: issue 6's
/// "Set-IntegrationToAlias -WhatIf | Invoke-AliasRollback must never act for real".</summary>
public class WhatIfMigrationResultTests
{
    [Theory]
    [InlineData(MigrationStatus.AlreadyOnAlias)]
    [InlineData(MigrationStatus.Migrated)]
    [InlineData(MigrationStatus.WhatIf)]
    public void A_result_made_under_WhatIf_is_skipped_with_a_warning_live_and_deserialized(MigrationStatus status)
    {
        var result = new MigrationResult { FunctionName = "my-func", AliasName = "live", Status = status, WhatIf = true, Pin = new LambdaIntegrationPin { Location = "REST dev (a1) GET /orders" } };
        foreach (var value in new[] { PSObject.AsPSObject(result), (PSObject)PSSerializer.Deserialize(PSSerializer.Serialize(result, 2)) })
        {
            var piped = PipedObjectInfo.From(value);
            Assert.True(piped.WhatIf);
            var reading = RollbackInputReader.Read(new RollbackInputValues { FunctionName = "my-func", AliasName = "live", Piped = piped });
            Assert.Null(reading.Error);
            Assert.True(reading.Request.DescribesNoChange);
            var batch = RollbackRequests.Dedupe(new[] { reading.Request });
            Assert.Empty(batch.Requests);
            Assert.Contains("produced under -WhatIf", Assert.Single(batch.Warnings));
        }
    }

    [Fact]
    public void A_result_of_a_real_run_still_acts_and_FromMigrationResult_carries_the_mark()
    {
        var real = new MigrationResult { FunctionName = "my-func", AliasName = "live", Status = MigrationStatus.AlreadyOnAlias };
        var piped = PipedObjectInfo.From(PSObject.AsPSObject(real));
        Assert.False(piped.WhatIf);
        var reading = RollbackInputReader.Read(new RollbackInputValues { FunctionName = "my-func", AliasName = "live", Piped = piped });
        Assert.False(reading.Request.DescribesNoChange);
        Assert.Single(RollbackRequests.Dedupe(new[] { reading.Request }).Requests);

        real.WhatIf = true;
        var fromResult = RollbackRequest.FromMigrationResult(real);
        Assert.True(fromResult.DescribesNoChange);
        Assert.Empty(RollbackRequests.Dedupe(new[] { fromResult }).Requests);
    }
}
