using System.Linq;
using LambdaAlias;
using Xunit;

namespace LambdaAlias.UnitTests.Discovery
{
    public class ApiExportParserTests
    {
        private const string MyFunc1Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-func:1/invocations";
        private const string AuthFuncUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth-func:1/invocations";

        // GetExport of the demo REST API's dev stage, exportType oas30, extensions=apigateway.
        internal const string DemoRestOas30 = @"{
  ""openapi"" : ""3.0.1"",
  ""info"" : { ""title"" : ""dev-lambda-my-func:1-API"", ""description"" : ""Orders API (dev-lambda-my-func:1)"", ""version"" : ""2024-05-01T10:00:00Z"" },
  ""servers"" : [ { ""url"" : ""https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/{basePath}"", ""variables"" : { ""basePath"" : { ""default"" : ""dev"" } } } ],
  ""paths"" : {
    ""/orders"" : {
      ""get"" : {
        ""security"" : [ { ""token-auth"" : [ ] } ],
        ""x-amazon-apigateway-integration"" : {
          ""type"" : ""aws_proxy"", ""httpMethod"" : ""POST"",
          ""uri"" : """ + MyFunc1Uri + @""",
          ""passthroughBehavior"" : ""when_no_match"", ""timeoutInMillis"" : 29000
        }
      }
    },
    ""/{proxy+}"" : {
      ""parameters"" : [ { ""name"" : ""proxy"", ""in"" : ""path"", ""required"" : true, ""schema"" : { ""type"" : ""string"" } } ],
      ""x-amazon-apigateway-any-method"" : {
        ""x-amazon-apigateway-integration"" : {
          ""type"" : ""aws_proxy"", ""httpMethod"" : ""POST"", ""uri"" : """ + MyFunc1Uri + @""",
          ""credentials"" : ""arn:aws:iam::123456789012:role/apigw-invoke"", ""passthroughBehavior"" : ""when_no_match""
        }
      }
    },
    ""/health"" : {
      ""options"" : { ""x-amazon-apigateway-integration"" : { ""type"" : ""mock"", ""requestTemplates"" : { ""application/json"" : ""{\""statusCode\"": 200}"" } } }
    }
  },
  ""components"" : {
    ""securitySchemes"" : {
      ""token-auth"" : {
        ""type"" : ""apiKey"", ""name"" : ""Authorization"", ""in"" : ""header"",
        ""x-amazon-apigateway-authtype"" : ""custom"",
        ""x-amazon-apigateway-authorizer"" : { ""type"" : ""token"", ""authorizerUri"" : """ + AuthFuncUri + @""", ""authorizerCredentials"" : ""arn:aws:iam::123456789012:role/auth-invoke"", ""authorizerResultTtlInSeconds"" : 300, ""identitySource"" : ""method.request.header.Authorization"" }
      },
      ""api_key"" : { ""type"" : ""apiKey"", ""name"" : ""x-api-key"", ""in"" : ""header"" }
    }
  }
}";

        [Fact]
        public void Reads_a_rest_oas30_export_with_extensions()
        {
            var export = ApiExportParser.Parse(DemoRestOas30);
            Assert.Equal(ApiExportFormat.OpenApi3, export.Format);
            Assert.Equal("dev-lambda-my-func:1-API", export.Title);
            Assert.True(export.HasIntegrationExtensions);
            Assert.False(export.LacksIntegrationExtensions);
            Assert.Equal(new[] { "GET /orders", "ANY /{proxy+}", "OPTIONS /health" }, export.Operations.Select(o => o.RouteKey));

            var orders = export.Find("get", "/orders");
            Assert.Equal("aws_proxy", orders.Integration.Type);
            Assert.True(orders.Integration.IsAwsType);
            Assert.Equal("POST", orders.Integration.HttpMethod);
            Assert.Equal(MyFunc1Uri, orders.Integration.Uri);
            Assert.Null(orders.Integration.Credentials);
            Assert.Equal(new[] { "token-auth" }, orders.SecuritySchemes);
            var authorizer = Assert.Single(orders.Authorizers);
            Assert.Equal("token", authorizer.Type);
            Assert.Equal(AuthFuncUri, authorizer.AuthorizerUri);
            Assert.Equal("arn:aws:iam::123456789012:role/auth-invoke", authorizer.AuthorizerCredentials);
            Assert.Equal("custom", authorizer.AuthType);
            Assert.Equal("method.request.header.Authorization", authorizer.IdentitySource);

            var proxy = export.Find("ANY", "/{proxy+}");
            Assert.Equal("arn:aws:iam::123456789012:role/apigw-invoke", proxy.Integration.Credentials);
            Assert.Empty(proxy.Authorizers);

            Assert.False(export.Find("OPTIONS", "/health").Integration.IsAwsType);
            Assert.Single(export.Authorizers); // api_key is not an authorizer
            Assert.Null(export.Find("GET", "/nope"));
        }

        [Fact]
        public void Reads_a_swagger2_export()
        {
            var json = @"{
  ""swagger"" : ""2.0"",
  ""info"" : { ""version"" : ""2024-05-01T10:00:00Z"", ""title"" : ""stagevar-api"" },
  ""host"" : ""s7t8u9v0w1.execute-api.us-east-1.amazonaws.com"", ""basePath"" : ""/prod"", ""schemes"" : [ ""https"" ],
  ""security"" : [ { ""req-auth"" : [ ] } ],
  ""paths"" : {
    ""/orders"" : { ""get"" : { ""x-amazon-apigateway-integration"" : { ""type"" : ""aws_proxy"", ""httpMethod"" : ""POST"", ""uri"" : ""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:stagevar-func:${stageVariables.lambdaAlias}/invocations"" } } },
    ""/open"" : { ""get"" : { ""security"" : [ ], ""x-amazon-apigateway-integration"" : { ""type"" : ""http_proxy"", ""httpMethod"" : ""GET"", ""uri"" : ""https://example.com/open"" } } }
  },
  ""securityDefinitions"" : {
    ""req-auth"" : { ""type"" : ""apiKey"", ""name"" : ""Unused"", ""in"" : ""header"", ""x-amazon-apigateway-authtype"" : ""custom"",
      ""x-amazon-apigateway-authorizer"" : { ""type"" : ""request"", ""authorizerUri"" : """ + AuthFuncUri + @""", ""identitySource"" : ""method.request.header.X-Token"" } }
  }
}";
            var export = ApiExportParser.Parse(json);
            Assert.Equal(ApiExportFormat.Swagger2, export.Format);
            var orders = export.Find("GET", "/orders");
            Assert.Contains("${stageVariables.lambdaAlias}", orders.Integration.Uri);
            Assert.Equal("request", Assert.Single(orders.Authorizers).Type); // document-level security applies
            Assert.Empty(export.Find("GET", "/open").SecuritySchemes);        // an empty operation security overrides it
            Assert.Equal("http_proxy", export.Find("GET", "/open").Integration.Type);
        }

        [Fact]
        public void Reads_an_http_api_export_with_default_route_and_reusable_integrations()
        {
            var json = @"{
  ""openapi"" : ""3.0.1"",
  ""info"" : { ""title"" : ""items-http-api"", ""version"" : ""2024-05-01 10:00:00UTC"" },
  ""paths"" : {
    ""/items"" : {
      ""get"" : { ""responses"" : { ""default"" : { ""description"" : ""Default response for GET /items"" } },
                ""x-amazon-apigateway-integration"" : { ""payloadFormatVersion"" : ""2.0"", ""type"" : ""aws_proxy"", ""httpMethod"" : ""POST"", ""uri"" : ""arn:aws:lambda:us-east-1:123456789012:function:http-func:1"", ""connectionType"" : ""INTERNET"" } },
      ""post"" : { ""security"" : [ { ""lambda-auth"" : [ ] } ], ""x-amazon-apigateway-integration"" : { ""$ref"" : ""#/components/x-amazon-apigateway-integrations/postItems"" } }
    },
    ""$default"" : { ""x-amazon-apigateway-any-method"" : { ""isDefaultRoute"" : true, ""x-amazon-apigateway-integration"" : { ""$ref"" : ""#/components/x-amazon-apigateway-integrations/missing"" } } }
  },
  ""components"" : {
    ""securitySchemes"" : {
      ""lambda-auth"" : { ""type"" : ""apiKey"", ""name"" : ""Authorization"", ""in"" : ""header"",
        ""x-amazon-apigateway-authorizer"" : { ""identitySource"" : ""$request.header.Authorization"", ""authorizerUri"" : """ + AuthFuncUri + @""", ""authorizerPayloadFormatVersion"" : ""2.0"", ""type"" : ""request"", ""enableSimpleResponses"" : true } },
      ""jwt-auth"" : { ""type"" : ""oauth2"", ""flows"" : { }, ""x-amazon-apigateway-authorizer"" : { ""identitySource"" : ""$request.header.Authorization"", ""jwtConfiguration"" : { ""audience"" : [ ""x"" ], ""issuer"" : ""https://issuer.example.com"" }, ""type"" : ""jwt"" } }
    },
    ""x-amazon-apigateway-integrations"" : {
      ""postItems"" : { ""payloadFormatVersion"" : ""2.0"", ""type"" : ""aws_proxy"", ""httpMethod"" : ""POST"", ""uri"" : ""arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:http-func/invocations"", ""connectionType"" : ""INTERNET"" }
    }
  },
  ""x-amazon-apigateway-importexport-version"" : ""1.0""
}";
            var export = ApiExportParser.Parse(json);
            Assert.Equal(new[] { "GET /items", "POST /items", "$default" }, export.Operations.Select(o => o.RouteKey));
            Assert.Equal("2.0", export.Find("GET", "/items").Integration.PayloadFormatVersion);
            Assert.Equal("INTERNET", export.Find("GET", "/items").Integration.ConnectionType);
            var post = export.Find("POST", "/items");
            Assert.EndsWith("function:http-func/invocations", post.Integration.Uri);
            Assert.Equal("lambda-auth", Assert.Single(post.Authorizers).Name);
            Assert.Null(export.Operations[2].Integration);
            Assert.Contains(export.Warnings, w => w.Contains("missing"));
            Assert.Equal(2, export.Authorizers.Length);
            Assert.Equal("jwt", export.Authorizers.Single(a => a.Name == "jwt-auth").Type);
        }

        [Fact]
        public void An_export_without_extensions_is_reported_distinctly()
        {
            var json = @"{ ""openapi"" : ""3.0.1"", ""info"" : { ""title"" : ""t"" }, ""paths"" : { ""/orders"" : { ""get"" : { ""responses"" : { } } }, ""/x"" : { ""post"" : { } } } }";
            var export = ApiExportParser.Parse(json);
            Assert.Equal(2, export.Operations.Length);
            Assert.False(export.HasIntegrationExtensions);
            Assert.True(export.LacksIntegrationExtensions);
            Assert.All(export.Operations, o => Assert.Null(o.Integration));
        }

        [Fact]
        public void An_api_without_methods_is_not_lacking_extensions()
        {
            var export = ApiExportParser.Parse(@"{ ""openapi"" : ""3.0.1"", ""info"" : { ""title"" : ""empty"" }, ""paths"" : { } }");
            Assert.Empty(export.Operations);
            Assert.False(export.LacksIntegrationExtensions);
        }

        [Fact]
        public void Ignores_path_level_keys_and_unknown_methods_and_keeps_unicode()
        {
            var json = @"{ ""swagger"" : ""2.0"", ""info"" : { ""title"" : ""Bestellungen – API ✓"" }, ""paths"" : { ""/caf\u00e9"" : { ""summary"" : ""s"", ""parameters"" : [ ], ""x-custom"" : { }, ""GET"" : { ""x-amazon-apigateway-integration"" : { ""type"" : ""AWS"", ""uri"" : ""u"" } }, ""patch"" : ""not an object"" } } }";
            var export = ApiExportParser.Parse(json);
            Assert.Equal("Bestellungen – API ✓", export.Title);
            var operation = Assert.Single(export.Operations);
            Assert.Equal("/café", operation.Path);
            Assert.Equal("GET", operation.HttpMethod);
            Assert.True(operation.Integration.IsAwsType);
            Assert.Single(export.Warnings);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("{")]
        [InlineData("[]")]
        [InlineData("{\"info\":{}}")]
        [InlineData("openapi: 3.0.1\ninfo:\n  title: yaml")]
        public void Malformed_exports_give_MalformedExport(string json)
        {
            Assert.False(ApiExportParser.TryParse(json, out var export, out var error));
            Assert.Null(export);
            Assert.Equal(ErrorIds.MalformedExport, error.ErrorId);
            Assert.Equal(ErrorIds.MalformedExport, Assert.Throws<DiscoveryException>(() => ApiExportParser.Parse(json)).ErrorId);
        }

        [Fact]
        public void Handles_a_large_export()
        {
            var paths = string.Join(",", Enumerable.Range(0, 2000).Select(i => "\"/r" + i + "\":{\"get\":{\"x-amazon-apigateway-integration\":{\"type\":\"aws_proxy\",\"uri\":\"" + MyFunc1Uri + "\"}}}"));
            var export = ApiExportParser.Parse("{\"openapi\":\"3.0.1\",\"paths\":{" + paths + "}}");
            Assert.Equal(2000, export.Operations.Length);
        }
    }
}
