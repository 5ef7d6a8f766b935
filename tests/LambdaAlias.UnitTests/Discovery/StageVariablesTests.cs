using System.Collections.Generic;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class StageVariablesTests
    {
        private const string StageVarUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:${stageVariables.lambdaAlias}/invocations";

        private static Dictionary<string, string> Vars(params string[] pairs)
        {
            var result = new Dictionary<string, string>();
            for (int i = 0; i < pairs.Length; i += 2) result[pairs[i]] = pairs[i + 1];
            return result;
        }

        [Theory]
        [InlineData("plain text", new string[0])]
        [InlineData("${stageVariables.a}", new[] { "a" })]
        [InlineData("x${stageVariables.a}y${stageVariables.b_2}z${stageVariables.a}", new[] { "a", "b_2" })]
        [InlineData("${StageVariables.a} ${stageVariables} ${stageVariables.} ${stageVariables.a-b}", new string[0])]
        [InlineData(null, new string[0])]
        public void FindNames_lists_distinct_references_in_order(string text, string[] expected)
        {
            Assert.Equal(expected, StageVariables.FindNames(text));
        }

        [Fact]
        public void Resolve_substitutes_stage_values()
        {
            var resolution = StageVariables.Resolve("fn:${stageVariables.lambdaAlias}", Vars("lambdaAlias", "2"));
            Assert.Equal("fn:2", resolution.Resolved);
            Assert.True(resolution.IsComplete);
            Assert.Equal(new[] { "lambdaAlias" }, resolution.Used);
            Assert.Empty(resolution.FromCanaryOverride);
        }

        [Fact]
        public void Canary_overrides_are_layered_over_the_stage()
        {
            var resolution = StageVariables.Resolve("${stageVariables.lambdaAlias}/${stageVariables.other}", Vars("lambdaAlias", "2", "other", "o"), Vars("lambdaAlias", "3"));
            Assert.Equal("3/o", resolution.Resolved);
            Assert.Equal(new[] { "lambdaAlias" }, resolution.FromCanaryOverride);

            var layered = StageVariables.Layer(Vars("a", "1", "b", "2"), Vars("b", "9", "c", "3"));
            Assert.Equal("1", layered["a"]);
            Assert.Equal("9", layered["b"]);
            Assert.Equal("3", layered["c"]);
        }

        [Fact]
        public void Missing_variables_are_reported_and_left_in_place()
        {
            var resolution = StageVariables.Resolve("${stageVariables.a}-${stageVariables.missing}-${stageVariables.missing}", Vars("a", "x", "Missing", "case matters"));
            Assert.False(resolution.IsComplete);
            Assert.Equal(new[] { "missing" }, resolution.Missing);
            Assert.Equal("x-${stageVariables.missing}-${stageVariables.missing}", resolution.Resolved);

            var nullValue = StageVariables.Resolve("${stageVariables.a}", Vars("a", null));
            Assert.Equal(new[] { "a" }, nullValue.Missing);
        }

        [Fact]
        public void Resolve_handles_text_without_references_and_unicode_values()
        {
            Assert.Equal("no refs", StageVariables.Resolve("no refs", null).Resolved);
            Assert.Null(StageVariables.Resolve(null, null).Resolved);
            Assert.Equal("ü-✓", StageVariables.Resolve("${stageVariables.u}", Vars("u", "ü-✓")).Resolved);
        }

        [Theory]
        [InlineData("2", PinKind.Version)]
        [InlineData("10", PinKind.Version)]
        [InlineData("$LATEST", PinKind.Latest)]
        [InlineData("", PinKind.Latest)]
        [InlineData(null, PinKind.Latest)]
        [InlineData("staging", PinKind.Alias)]
        [InlineData("2b", PinKind.Alias)]
        public void ClassifyResolvedQualifier(string qualifier, PinKind expected)
        {
            Assert.Equal(expected, StageVariables.ClassifyResolvedQualifier(qualifier));
        }

        [Theory]
        [InlineData(QualifierKind.Version, PinKind.Version)]
        [InlineData(QualifierKind.Latest, PinKind.Latest)]
        [InlineData(QualifierKind.Unqualified, PinKind.Latest)]
        [InlineData(QualifierKind.Alias, PinKind.Alias)]
        public void PinKindOf_maps_static_qualifiers(QualifierKind kind, PinKind expected)
        {
            Assert.Equal(expected, StageVariables.PinKindOf(kind));
        }

        [Fact]
        public void PinKindOf_leaves_stage_variables_undecided()
        {
            Assert.Null(StageVariables.PinKindOf(QualifierKind.StageVariable));
        }

        // The demo's stagevar-api: staging -> alias, prod -> version 2, prod canary -> version 3.
        [Theory]
        [InlineData("staging", null, "staging", PinKind.Alias)]
        [InlineData("2", null, "2", PinKind.Version)]
        [InlineData("2", "3", "3", PinKind.Version)]
        [InlineData("$LATEST", null, "$LATEST", PinKind.Latest)]
        public void ResolveIntegration_gives_the_function_each_stage_invokes(string stageValue, string canaryValue, string expectedQualifier, PinKind expectedKind)
        {
            var integration = IntegrationUriParser.Parse(StageVarUri).Lambda;
            var target = StageVariables.ResolveIntegration(integration, Vars("lambdaAlias", stageValue), canaryValue == null ? null : Vars("lambdaAlias", canaryValue));
            Assert.True(target.IsResolved);
            Assert.Null(target.Error);
            Assert.Equal("stagevar-func", target.Function.FunctionName);
            Assert.Equal(expectedQualifier, target.Function.Qualifier);
            Assert.Equal(expectedKind, target.PinKind);
            Assert.Equal(StageVarUri.Replace("${stageVariables.lambdaAlias}", expectedQualifier), target.ResolvedUri);
            Assert.Equal(canaryValue != null, target.Resolution.FromCanaryOverride.Length == 1);
        }

        [Fact]
        public void ResolveIntegration_reports_a_missing_variable_as_StageVariableMissing()
        {
            var integration = IntegrationUriParser.Parse(StageVarUri).Lambda;
            var target = StageVariables.ResolveIntegration(integration, Vars("somethingElse", "1"));
            Assert.False(target.IsResolved);
            Assert.Null(target.Function);
            Assert.Null(target.PinKind);
            Assert.Equal(ErrorIds.StageVariableMissing, target.Error.ErrorId);
            Assert.Equal("lambdaAlias", target.Error.TargetValue);
            Assert.Contains("lambdaAlias", target.Error.Message);
        }

        [Theory]
        [InlineData("bad value")]        // whitespace in the substituted ARN
        [InlineData("v1.0")]             // not an alias or version
        [InlineData("${stageVariables.lambdaAlias}")] // substitution happens once only
        public void ResolveIntegration_reports_a_value_that_breaks_the_uri(string value)
        {
            var integration = IntegrationUriParser.Parse(StageVarUri).Lambda;
            var target = StageVariables.ResolveIntegration(integration, Vars("lambdaAlias", value));
            Assert.False(target.IsResolved);
            Assert.Equal(ErrorIds.MalformedIntegrationUri, target.Error.ErrorId);
        }

        [Fact]
        public void ResolveIntegration_without_variables_returns_the_written_function()
        {
            var integration = IntegrationUriParser.Parse("arn:aws:lambda:us-east-1:123456789012:function:http-func").Lambda;
            var target = StageVariables.ResolveIntegration(integration, null);
            Assert.True(target.IsResolved);
            Assert.Equal(PinKind.Latest, target.PinKind);
            Assert.Same(integration.Function, target.Function);
        }

        [Fact]
        public void ResolveIntegration_resolves_the_function_name_too()
        {
            var integration = IntegrationUriParser.Parse("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders-${stageVariables.env}:7/invocations").Lambda;
            var target = StageVariables.ResolveIntegration(integration, Vars("env", "prod"));
            Assert.Equal("orders-prod", target.Function.FunctionName);
            Assert.Equal(PinKind.Version, target.PinKind);
        }
    }
}
