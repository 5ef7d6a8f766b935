// Lambda (API version 2015-03-31) response and request models. Member names are the wire names of
// aws-api-models/lambda/service-2.json (PascalCase, no locationName overrides in this service).
using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaAlias
{
    /// <summary>FunctionConfiguration: returned by GetFunctionConfiguration, PublishVersion, and inside GetFunction,
    /// ListFunctions and ListVersionsByFunction.</summary>
    public sealed class FunctionConfiguration
    {
        [JsonPropertyName("FunctionName")] public string FunctionName { get; set; }
        [JsonPropertyName("FunctionArn")] public string FunctionArn { get; set; }
        [JsonPropertyName("Runtime")] public string Runtime { get; set; }
        [JsonPropertyName("Role")] public string Role { get; set; }
        [JsonPropertyName("Handler")] public string Handler { get; set; }
        [JsonPropertyName("CodeSize")] public long? CodeSize { get; set; }
        [JsonPropertyName("Description")] public string Description { get; set; }
        [JsonPropertyName("Timeout")] public int? Timeout { get; set; }
        [JsonPropertyName("MemorySize")] public int? MemorySize { get; set; }
        /// <summary>Lambda sends this as a string such as "2019-08-14T22:26:11.234+0000".</summary>
        [JsonPropertyName("LastModified")] public DateTimeOffset? LastModified { get; set; }
        [JsonPropertyName("CodeSha256")] public string CodeSha256 { get; set; }
        /// <summary>"$LATEST" or a published version number.</summary>
        [JsonPropertyName("Version")] public string Version { get; set; }
        [JsonPropertyName("VpcConfig")] public VpcConfigResponse VpcConfig { get; set; }
        [JsonPropertyName("DeadLetterConfig")] public DeadLetterConfig DeadLetterConfig { get; set; }
        /// <summary>Environment variable names only; see <see cref="FunctionEnvironment"/>.</summary>
        [JsonPropertyName("Environment")] public FunctionEnvironment Environment { get; set; }
        [JsonPropertyName("KMSKeyArn")] public string KMSKeyArn { get; set; }
        [JsonPropertyName("TracingConfig")] public TracingConfigResponse TracingConfig { get; set; }
        [JsonPropertyName("MasterArn")] public string MasterArn { get; set; }
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }
        [JsonPropertyName("Layers")] public List<LambdaLayer> Layers { get; set; } = new List<LambdaLayer>();
        /// <summary>Pending, Active, Inactive, Failed.</summary>
        [JsonPropertyName("State")] public string State { get; set; }
        [JsonPropertyName("StateReason")] public string StateReason { get; set; }
        [JsonPropertyName("StateReasonCode")] public string StateReasonCode { get; set; }
        /// <summary>Successful, Failed, InProgress.</summary>
        [JsonPropertyName("LastUpdateStatus")] public string LastUpdateStatus { get; set; }
        [JsonPropertyName("LastUpdateStatusReason")] public string LastUpdateStatusReason { get; set; }
        [JsonPropertyName("LastUpdateStatusReasonCode")] public string LastUpdateStatusReasonCode { get; set; }
        /// <summary>Zip or Image.</summary>
        [JsonPropertyName("PackageType")] public string PackageType { get; set; }
        [JsonPropertyName("SigningProfileVersionArn")] public string SigningProfileVersionArn { get; set; }
        [JsonPropertyName("SigningJobArn")] public string SigningJobArn { get; set; }
        [JsonPropertyName("Architectures")] public List<string> Architectures { get; set; } = new List<string>();
        [JsonPropertyName("EphemeralStorage")] public EphemeralStorage EphemeralStorage { get; set; }

        public override string ToString() => $"{FunctionName}:{Version}";
    }

    public sealed class VpcConfigResponse
    {
        [JsonPropertyName("SubnetIds")] public List<string> SubnetIds { get; set; } = new List<string>();
        [JsonPropertyName("SecurityGroupIds")] public List<string> SecurityGroupIds { get; set; } = new List<string>();
        [JsonPropertyName("VpcId")] public string VpcId { get; set; }
    }

    public sealed class DeadLetterConfig
    {
        [JsonPropertyName("TargetArn")] public string TargetArn { get; set; }
    }

    public sealed class TracingConfigResponse
    {
        /// <summary>Active or PassThrough.</summary>
        [JsonPropertyName("Mode")] public string Mode { get; set; }
    }

    public sealed class LambdaLayer
    {
        [JsonPropertyName("Arn")] public string Arn { get; set; }
        [JsonPropertyName("CodeSize")] public long? CodeSize { get; set; }
    }

    public sealed class EphemeralStorage
    {
        [JsonPropertyName("Size")] public int? Size { get; set; }
    }

    /// <summary>The function's environment (wire shape EnvironmentResponse) reduced to variable NAMES. Values are secrets
    /// in many accounts; this project only ever compares names, so values are dropped while parsing and never held.</summary>
    [JsonConverter(typeof(FunctionEnvironmentConverter))]
    public sealed class FunctionEnvironment
    {
        /// <summary>Variable names, sorted ordinally.</summary>
        public List<string> VariableNames { get; set; } = new List<string>();
        /// <summary>Error.ErrorCode when Lambda could not decrypt the variables, else null.</summary>
        public string ErrorCode { get; set; }
    }

    /// <summary>Reads EnvironmentResponse <c>{"Variables":{...},"Error":{"ErrorCode":..,"Message":..}}</c> keeping only
    /// the names and the error code (the message is a SensitiveString in the model). Writes the names with empty values,
    /// so a round trip can never leak a value either.</summary>
    public sealed class FunctionEnvironmentConverter : JsonConverter<FunctionEnvironment>
    {
        public override FunctionEnvironment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected the Environment object.");
            var environment = new FunctionEnvironment();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var member = reader.GetString();
                reader.Read();
                if (member == "Variables" && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        environment.VariableNames.Add(reader.GetString());
                        reader.Read();
                        reader.Skip();
                    }
                }
                else if (member == "Error" && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var errorMember = reader.GetString();
                        reader.Read();
                        if (errorMember == "ErrorCode" && reader.TokenType == JsonTokenType.String) environment.ErrorCode = reader.GetString();
                        else reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            environment.VariableNames.Sort(StringComparer.Ordinal);
            return environment;
        }

        public override void Write(Utf8JsonWriter writer, FunctionEnvironment value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Variables");
            writer.WriteStartObject();
            foreach (var name in value.VariableNames) writer.WriteString(name, string.Empty);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>GetFunction's response. The code location (a presigned S3 URL, i.e. a bearer credential) is deliberately
    /// not modelled, so it can never reach a log or an output object.</summary>
    public sealed class GetFunctionResult
    {
        [JsonPropertyName("Configuration")] public FunctionConfiguration Configuration { get; set; }
        [JsonPropertyName("Tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
        [JsonPropertyName("Concurrency")] public FunctionConcurrency Concurrency { get; set; }
        [JsonPropertyName("Code")] public FunctionCodeSummary Code { get; set; }
    }

    public sealed class FunctionConcurrency
    {
        [JsonPropertyName("ReservedConcurrentExecutions")] public int? ReservedConcurrentExecutions { get; set; }
    }

    /// <summary>FunctionCodeLocation without Location (see <see cref="GetFunctionResult"/>).</summary>
    public sealed class FunctionCodeSummary
    {
        [JsonPropertyName("RepositoryType")] public string RepositoryType { get; set; }
        [JsonPropertyName("ImageUri")] public string ImageUri { get; set; }
        [JsonPropertyName("ResolvedImageUri")] public string ResolvedImageUri { get; set; }
    }

    /// <summary>AliasConfiguration: CreateAlias, GetAlias, UpdateAlias, ListAliases.</summary>
    public sealed class AliasConfiguration
    {
        [JsonPropertyName("AliasArn")] public string AliasArn { get; set; }
        [JsonPropertyName("Name")] public string Name { get; set; }
        [JsonPropertyName("FunctionVersion")] public string FunctionVersion { get; set; }
        [JsonPropertyName("Description")] public string Description { get; set; }
        [JsonPropertyName("RoutingConfig")] public AliasRoutingConfiguration RoutingConfig { get; set; }
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }

        /// <summary>True when the alias splits traffic onto an additional version.</summary>
        [JsonIgnore]
        public bool HasWeightedRouting => RoutingConfig?.AdditionalVersionWeights != null && RoutingConfig.AdditionalVersionWeights.Count > 0;

        public override string ToString() => $"{Name} -> {FunctionVersion}" + (HasWeightedRouting ? " (weighted)" : string.Empty);
    }

    /// <summary>Alias traffic shifting: additional version → weight (0.0–1.0).</summary>
    public sealed class AliasRoutingConfiguration
    {
        [JsonPropertyName("AdditionalVersionWeights")] public Dictionary<string, double> AdditionalVersionWeights { get; set; }
    }

    /// <summary>EventSourceMappingConfiguration: ListEventSourceMappings, GetEventSourceMapping, UpdateEventSourceMapping.</summary>
    public sealed class EventSourceMappingConfiguration
    {
        [JsonPropertyName("UUID")] public string UUID { get; set; }
        [JsonPropertyName("StartingPosition")] public string StartingPosition { get; set; }
        [JsonPropertyName("StartingPositionTimestamp")] public DateTimeOffset? StartingPositionTimestamp { get; set; }
        [JsonPropertyName("BatchSize")] public int? BatchSize { get; set; }
        [JsonPropertyName("MaximumBatchingWindowInSeconds")] public int? MaximumBatchingWindowInSeconds { get; set; }
        [JsonPropertyName("ParallelizationFactor")] public int? ParallelizationFactor { get; set; }
        [JsonPropertyName("EventSourceArn")] public string EventSourceArn { get; set; }
        [JsonPropertyName("FilterCriteria")] public FilterCriteria FilterCriteria { get; set; }
        /// <summary>The target: an unqualified, version-qualified or alias-qualified function ARN.</summary>
        [JsonPropertyName("FunctionArn")] public string FunctionArn { get; set; }
        /// <summary>Epoch seconds on the wire.</summary>
        [JsonPropertyName("LastModified")] public DateTimeOffset? LastModified { get; set; }
        [JsonPropertyName("LastProcessingResult")] public string LastProcessingResult { get; set; }
        /// <summary>Creating, Enabling, Enabled, Disabling, Disabled, Updating, Deleting.</summary>
        [JsonPropertyName("State")] public string State { get; set; }
        [JsonPropertyName("StateTransitionReason")] public string StateTransitionReason { get; set; }
        [JsonPropertyName("DestinationConfig")] public DestinationConfig DestinationConfig { get; set; }
        [JsonPropertyName("Topics")] public List<string> Topics { get; set; } = new List<string>();
        [JsonPropertyName("Queues")] public List<string> Queues { get; set; } = new List<string>();
        [JsonPropertyName("MaximumRecordAgeInSeconds")] public int? MaximumRecordAgeInSeconds { get; set; }
        [JsonPropertyName("BisectBatchOnFunctionError")] public bool? BisectBatchOnFunctionError { get; set; }
        [JsonPropertyName("MaximumRetryAttempts")] public int? MaximumRetryAttempts { get; set; }
        [JsonPropertyName("TumblingWindowInSeconds")] public int? TumblingWindowInSeconds { get; set; }
        [JsonPropertyName("FunctionResponseTypes")] public List<string> FunctionResponseTypes { get; set; } = new List<string>();

        public override string ToString() => $"{UUID}: {EventSourceArn} -> {FunctionArn} ({State})";
    }

    public sealed class FilterCriteria
    {
        [JsonPropertyName("Filters")] public List<EventFilter> Filters { get; set; }
    }

    public sealed class EventFilter
    {
        [JsonPropertyName("Pattern")] public string Pattern { get; set; }
    }

    public sealed class DestinationConfig
    {
        [JsonPropertyName("OnSuccess")] public EventDestination OnSuccess { get; set; }
        [JsonPropertyName("OnFailure")] public EventDestination OnFailure { get; set; }
    }

    public sealed class EventDestination
    {
        [JsonPropertyName("Destination")] public string Destination { get; set; }
    }

    /// <summary>GetPolicy's result. <see cref="Policy"/> is the raw policy document (a JSON string); parsing it into
    /// <see cref="PolicyStatement"/>s is the discovery layer's job.</summary>
    public sealed class FunctionPolicy
    {
        [JsonPropertyName("Policy")] public string Policy { get; set; }
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }

        /// <summary>False when the function or qualifier exists but has no resource policy (AWS answers 404 for that).</summary>
        [JsonIgnore] public bool HasPolicy => !string.IsNullOrEmpty(Policy);
    }

    /// <summary>AddPermission's result: the statement that was added, as a JSON string.</summary>
    public sealed class AddPermissionResult
    {
        [JsonPropertyName("Statement")] public string Statement { get; set; }
    }

    /// <summary>ListTags' result.</summary>
    public sealed class LambdaTagsResult
    {
        [JsonPropertyName("Tags")] public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    // ---- requests: members located in the URI or query string are [JsonIgnore]d; the rest is the JSON body ----

    /// <summary>PublishVersion. CodeSha256 and RevisionId are preconditions: Lambda refuses to publish when $LATEST has
    /// changed since they were read (PreconditionFailedException / InvalidParameterValueException for the hash).</summary>
    public sealed class PublishVersionRequest
    {
        [JsonIgnore] public string FunctionName { get; set; }
        [JsonPropertyName("CodeSha256")] public string CodeSha256 { get; set; }
        [JsonPropertyName("Description")] public string Description { get; set; }
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }
    }

    public sealed class CreateAliasRequest
    {
        [JsonIgnore] public string FunctionName { get; set; }
        [JsonPropertyName("Name")] public string Name { get; set; }
        [JsonPropertyName("FunctionVersion")] public string FunctionVersion { get; set; }
        [JsonPropertyName("Description")] public string Description { get; set; }
        [JsonPropertyName("RoutingConfig")] public AliasRoutingConfiguration RoutingConfig { get; set; }
    }

    /// <summary>UpdateAlias. To clear weighted routing, send a RoutingConfig with an empty AdditionalVersionWeights map.</summary>
    public sealed class UpdateAliasRequest
    {
        [JsonIgnore] public string FunctionName { get; set; }
        [JsonIgnore] public string Name { get; set; }
        [JsonPropertyName("FunctionVersion")] public string FunctionVersion { get; set; }
        [JsonPropertyName("Description")] public string Description { get; set; }
        [JsonPropertyName("RoutingConfig")] public AliasRoutingConfiguration RoutingConfig { get; set; }
        /// <summary>Only update if the alias' RevisionId still matches (else PreconditionFailedException).</summary>
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }
    }

    /// <summary>AddPermission. Qualifier goes in the query string; everything else in the body.</summary>
    public sealed class AddPermissionRequest
    {
        [JsonIgnore] public string FunctionName { get; set; }
        [JsonIgnore] public string Qualifier { get; set; }
        [JsonPropertyName("StatementId")] public string StatementId { get; set; }
        [JsonPropertyName("Action")] public string Action { get; set; } = "lambda:InvokeFunction";
        [JsonPropertyName("Principal")] public string Principal { get; set; }
        [JsonPropertyName("SourceArn")] public string SourceArn { get; set; }
        [JsonPropertyName("SourceAccount")] public string SourceAccount { get; set; }
        [JsonPropertyName("EventSourceToken")] public string EventSourceToken { get; set; }
        /// <summary>The policy's RevisionId (from GetPolicy): only add if the policy has not changed since.</summary>
        [JsonPropertyName("RevisionId")] public string RevisionId { get; set; }
        [JsonPropertyName("PrincipalOrgID")] public string PrincipalOrgID { get; set; }
        [JsonPropertyName("FunctionUrlAuthType")] public string FunctionUrlAuthType { get; set; }
    }

    /// <summary>UpdateEventSourceMapping. Only the members set are changed.</summary>
    public sealed class UpdateEventSourceMappingRequest
    {
        [JsonIgnore] public string UUID { get; set; }
        /// <summary>The new target: a name, or a (qualified) ARN such as the alias ARN.</summary>
        [JsonPropertyName("FunctionName")] public string FunctionName { get; set; }
        [JsonPropertyName("Enabled")] public bool? Enabled { get; set; }
        [JsonPropertyName("BatchSize")] public int? BatchSize { get; set; }
        [JsonPropertyName("FilterCriteria")] public FilterCriteria FilterCriteria { get; set; }
        [JsonPropertyName("MaximumBatchingWindowInSeconds")] public int? MaximumBatchingWindowInSeconds { get; set; }
        [JsonPropertyName("DestinationConfig")] public DestinationConfig DestinationConfig { get; set; }
        [JsonPropertyName("MaximumRecordAgeInSeconds")] public int? MaximumRecordAgeInSeconds { get; set; }
        [JsonPropertyName("BisectBatchOnFunctionError")] public bool? BisectBatchOnFunctionError { get; set; }
        [JsonPropertyName("MaximumRetryAttempts")] public int? MaximumRetryAttempts { get; set; }
        [JsonPropertyName("ParallelizationFactor")] public int? ParallelizationFactor { get; set; }
        [JsonPropertyName("TumblingWindowInSeconds")] public int? TumblingWindowInSeconds { get; set; }
        [JsonPropertyName("FunctionResponseTypes")] public List<string> FunctionResponseTypes { get; set; }
    }

    // ---- list envelopes (internal: callers see AwsPage<T> or a stream) ----

    internal sealed class ListFunctionsResponse
    {
        [JsonPropertyName("NextMarker")] public string NextMarker { get; set; }
        [JsonPropertyName("Functions")] public List<FunctionConfiguration> Functions { get; set; } = new List<FunctionConfiguration>();
    }

    internal sealed class ListVersionsByFunctionResponse
    {
        [JsonPropertyName("NextMarker")] public string NextMarker { get; set; }
        [JsonPropertyName("Versions")] public List<FunctionConfiguration> Versions { get; set; } = new List<FunctionConfiguration>();
    }

    internal sealed class ListAliasesResponse
    {
        [JsonPropertyName("NextMarker")] public string NextMarker { get; set; }
        [JsonPropertyName("Aliases")] public List<AliasConfiguration> Aliases { get; set; } = new List<AliasConfiguration>();
    }

    internal sealed class ListEventSourceMappingsResponse
    {
        [JsonPropertyName("NextMarker")] public string NextMarker { get; set; }
        [JsonPropertyName("EventSourceMappings")] public List<EventSourceMappingConfiguration> EventSourceMappings { get; set; } = new List<EventSourceMappingConfiguration>();
    }
}
