using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>
    /// Turns a <see cref="PinCandidate"/> into a <see cref="LambdaIntegrationPin"/>: the kind after alias lookup, the
    /// version context (pinned and newest published version, how far behind, aliases at the pinned version, config
    /// drift), the permission of the integration's principal and SourceArn, echoes, ManagedBy and the account context.
    /// </summary>
    public sealed class PinCompleter
    {
        private readonly FunctionInspector _functions;
        private readonly AwsContext _context;
        private readonly PinScanRequest _request;

        public PinCompleter(FunctionInspector functions, AwsContext context, PinScanRequest request)
        {
            _functions = functions ?? throw new ArgumentNullException(nameof(functions));
            _context = context ?? new AwsContext();
            _request = request ?? new PinScanRequest();
        }

        /// <summary>True when the candidate may be reported at all, judged before any call: alias pins may still turn
        /// out to be Latest (an alias at $LATEST), so they pass when either kind is wanted.</summary>
        public bool MayReport(PinCandidate candidate)
        {
            var kind = candidate.WrittenKind;
            return kind == PinKind.Alias ? _request.WantsKind(PinKind.Alias) || _request.WantsKind(PinKind.Latest) : _request.WantsKind(kind);
        }

        /// <summary>The complete pin, or null when its kind (known after alias lookup) is not wanted.</summary>
        public async Task<LambdaIntegrationPin> CompleteAsync(PinCandidate candidate, CancellationToken cancellationToken)
        {
            var function = candidate.Function.Form == FunctionReferenceForm.Arn
                ? candidate.Function
                : candidate.Function.WithDefaults(_context.Partition, _context.Region, _context.AccountId);
            var pin = new LambdaIntegrationPin
            {
                FunctionName = function.FunctionName,
                FunctionArn = function.UnqualifiedArn,
                Qualifier = candidate.Qualifier,
                PinKind = candidate.WrittenKind,
                SourceKind = candidate.SourceKind,
                RawUri = candidate.RawUri,
                CredentialsRole = string.IsNullOrEmpty(candidate.Credentials) ? null : candidate.Credentials,
                Routes = candidate.Routes.ToArray(),
                ServedBy = candidate.ServedBy.Select(s => s.Serving).ToArray(),
                Stages = candidate.ServedBy.Select(s => s.Serving.ToString()).Distinct(StringComparer.Ordinal).ToArray(),
                LiveState = candidate.ComputeLiveState(),
                ResourceId = candidate.ResourceId,
                ResourcePath = candidate.ResourcePath,
                HttpMethod = candidate.HttpMethod,
                IntegrationId = candidate.IntegrationId,
                AuthorizerId = candidate.AuthorizerId,
                StageVariableName = candidate.StageVariableName,
                IsCanaryOverride = candidate.IsCanaryOverride,
                EventSourceMappingUuid = candidate.EventSourceMappingUuid,
                EventSourceArn = candidate.EventSourceArn,
                Principal = candidate.Principal,
                SourceArn = candidate.SourceArn,
                StatementId = candidate.StatementId,
                Region = _context.Region,
                AccountId = _context.AccountId,
                ProfileName = _context.ProfileName,
                EndpointUrl = _context.EndpointUrl,
            };
            if (candidate.Api != null)
            {
                if (candidate.Api.Kind == GatewayApiKind.Rest) pin.RestApiId = candidate.Api.ApiId;
                else pin.ApiId = candidate.Api.ApiId;
                pin.ApiName = candidate.Api.Name;
            }
            pin.Location = DescribeLocation(candidate);

            // A function in another region is served by another regional endpoint; this session cannot read it.
            bool otherRegion = function.Region != null && _context.Region != null && !string.Equals(function.Region, _context.Region, StringComparison.Ordinal);
            // Lambda accepts a name, or a full ARN for another account; a partial reference without account stays a name.
            var callName = function.UnqualifiedArn ?? function.FunctionName;
            // Every read this pin needs starts now, so they overlap; each is cached for the invocation. The policy read
            // waits for the kind only when the pin may still be dropped (an alias that may point at $LATEST).
            var probes = otherRegion ? new List<PermissionProbe>() : PermissionProbes(candidate, pin);
            var factsTask = otherRegion ? Task.FromResult(new FunctionFacts()) : _functions.GetFunctionAsync(callName, cancellationToken);
            var qualifierTask = !otherRegion && pin.PinKind != PinKind.Latest ? _functions.GetQualifierAsync(callName, pin.Qualifier, cancellationToken) : null;
            Task<PolicyFacts> policyTask = null;
            if (NeedsPolicy(candidate, probes) && (pin.PinKind != PinKind.Alias || _request.WantsKind(PinKind.Alias)))
                policyTask = _functions.GetPolicyAsync(callName, PolicyQualifier(pin.Qualifier), cancellationToken);

            var facts = await factsTask.ConfigureAwait(false);
            FunctionConfigSnapshot pinned = null;
            switch (pin.PinKind)
            {
                case PinKind.Version:
                    pin.PinnedVersion = pin.Qualifier;
                    if (qualifierTask != null) pinned = await qualifierTask.ConfigureAwait(false);
                    break;
                case PinKind.Latest:
                    pin.PinnedVersion = LambdaFunctionReference.LatestQualifier;
                    pinned = facts.Latest;
                    break;
                case PinKind.Alias:
                    pin.AliasName = pin.Qualifier;
                    if (qualifierTask != null) pinned = await qualifierTask.ConfigureAwait(false);
                    pin.PinnedVersion = pinned?.Version ?? facts.Aliases?.FirstOrDefault(a => a.Name == pin.Qualifier)?.FunctionVersion;
                    if (pin.PinnedVersion == LambdaFunctionReference.LatestQualifier) pin.PinKind = PinKind.Latest;
                    break;
            }
            if (!_request.WantsKind(pin.PinKind)) return null;

            pin.FunctionDetailsKnown = facts.Readable && pinned != null;
            pin.LatestPublishedVersion = facts.LatestPublishedVersion;
            pin.VersionsBehind = VersionsBehind(pin.PinnedVersion, facts);
            if (facts.Aliases != null && pin.PinnedVersion != null)
            {
                pin.AliasesAtPinnedVersion = facts.Aliases.Where(a => a.FunctionVersion == pin.PinnedVersion).Select(a => a.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }
            pin.ConfigDrift = ConfigDrift.CompareAll(pinned, facts.LatestPublished, facts.Latest);

            if (otherRegion)
            {
                pin.Permission = PermissionState.Unknown;
                pin.PermissionDetail = "The function is in region " + function.Region + ", not " + _context.Region + "; run the scan there to read it.";
            }
            else
            {
                if (policyTask == null && NeedsPolicy(candidate, probes)) policyTask = _functions.GetPolicyAsync(callName, PolicyQualifier(pin.Qualifier), cancellationToken);
                await DecidePermissionAsync(candidate, pin, probes, policyTask, cancellationToken).ConfigureAwait(false);
            }

            var pinText = EchoFinder.PinText(pin.FunctionName, pin.Qualifier);
            var echoes = new List<string>();
            if (candidate.Api != null)
            {
                echoes.AddRange(EchoFinder.FindEchoes(pinText, new EchoScope
                {
                    Kind = candidate.Api.Kind,
                    ApiId = candidate.Api.ApiId,
                    ApiName = candidate.Api.Name,
                    ApiDescription = candidate.Api.Description,
                    Tags = candidate.Api.Tags,
                    Stages = candidate.ApiStages.Select(s => new EchoStage { StageName = s.StageName, Description = s.Description, Tags = s.Tags }).ToList(),
                }));
            }
            foreach (var tag in facts.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                if (EchoFinder.Mentions(tag.Key, pinText) || EchoFinder.Mentions(tag.Value, pinText)) echoes.Add("Function " + pin.FunctionName + " tag " + tag.Key + "=" + tag.Value);
            }
            pin.Echoes = echoes.ToArray();
            pin.ManagedBy = candidate.Api != null
                ? EchoFinder.ManagedBy(candidate.VariableStage?.Tags) ?? EchoFinder.ManagedBy(candidate.Api.Tags)
                : EchoFinder.ManagedBy(facts.Tags);
            return pin;
        }

        private static int? VersionsBehind(string pinnedVersion, FunctionFacts facts)
        {
            if (facts.PublishedVersions == null || !long.TryParse(pinnedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var pinned)) return null;
            return facts.PublishedVersions.Count(v => v > pinned);
        }

        /// <summary>AddPermission refuses $LATEST: the unqualified function's policy governs $LATEST and unqualified calls.</summary>
        private static string PolicyQualifier(string qualifier) => qualifier == LambdaFunctionReference.LatestQualifier ? null : qualifier;

        /// <summary>API Gateway sources decide by the resource policy unless every reader invokes through a role.</summary>
        private static bool NeedsPolicy(PinCandidate candidate, List<PermissionProbe> probes) =>
            candidate.SourceKind != SourceKind.EventSourceMapping && candidate.SourceKind != SourceKind.ResourcePolicy && probes.Any(p => p.Credentials == null);

        private async Task DecidePermissionAsync(PinCandidate candidate, LambdaIntegrationPin pin, List<PermissionProbe> probes, Task<PolicyFacts> policyTask, CancellationToken cancellationToken)
        {
            if (candidate.SourceKind == SourceKind.EventSourceMapping)
            {
                pin.Permission = PermissionState.Unknown;
                pin.PermissionDetail = "An event source mapping's poller invokes with the function's execution role; no resource-policy statement is involved.";
                return;
            }
            if (candidate.SourceKind == SourceKind.ResourcePolicy)
            {
                pin.Permission = PermissionState.Granted;
                pin.PermissionDetail = candidate.PermissionDetail;
                return;
            }

            if (probes.Count == 0)
            {
                pin.Permission = PermissionState.Unknown;
                pin.PermissionDetail = candidate.SourceKind == SourceKind.RestAuthorizer || candidate.SourceKind == SourceKind.HttpAuthorizer
                    ? "The authorizer is no longer in the draft, so its id (and SourceArn) is unknown."
                    : "No route invokes this integration.";
                return;
            }
            var viaRole = probes.Where(p => p.Credentials != null).Select(p => p.Credentials).Distinct(StringComparer.Ordinal).ToList();
            var byPolicy = probes.Where(p => p.Credentials == null).ToList();
            if (byPolicy.Count == 0)
            {
                pin.Permission = PermissionState.ViaRole;
                pin.PermissionDetail = string.Join(" ", viaRole.Select(role => PermissionEvaluator.EvaluateSource(null, null, role).Detail));
                return;
            }

            var policyQualifier = PolicyQualifier(pin.Qualifier);
            var policy = await policyTask.ConfigureAwait(false);
            var policyName = pin.FunctionName + (policyQualifier == null ? " (unqualified)" : ":" + policyQualifier);
            if (!policy.Readable)
            {
                pin.Permission = PermissionState.Unknown;
                pin.PermissionDetail = "The resource policy of " + policyName + " is unknown: " + policy.Problem + ".";
                return;
            }

            var missing = new List<string>();
            var unknown = new List<string>();
            var granted = new List<string>();
            foreach (var probe in byPolicy)
            {
                var evaluation = PermissionEvaluator.Evaluate(policy.Statements, new PermissionRequest { Principal = ApiPinAnalyzer.ApiGatewayPrincipal, SourceArn = probe.SourceArn });
                var line = evaluation.Detail;
                if (evaluation.State == PermissionState.Missing) missing.Add(line);
                else if (evaluation.State == PermissionState.Unknown) unknown.Add(line);
                else granted.Add(line);
            }
            if (missing.Count > 0)
            {
                pin.Permission = PermissionState.Missing;
                pin.PermissionDetail = "On " + policyName + ": " + string.Join(" ", missing.Distinct(StringComparer.Ordinal));
            }
            else if (unknown.Count > 0)
            {
                pin.Permission = PermissionState.Unknown;
                pin.PermissionDetail = "On " + policyName + ": " + string.Join(" ", unknown.Distinct(StringComparer.Ordinal));
            }
            else
            {
                pin.Permission = PermissionState.Granted;
                pin.PermissionDetail = "On " + policyName + ": " + string.Join(" ", granted.Distinct(StringComparer.Ordinal));
            }
            if (viaRole.Count > 0) pin.PermissionDetail += " Other readers invoke through credentials role " + string.Join(", ", viaRole) + ".";
        }

        private sealed class PermissionProbe
        {
            public string SourceArn;
            public string Credentials;
        }

        /// <summary>The SourceArns API Gateway invokes with for this pin: per route and serving stage ('*' when no stage
        /// serves it yet), or the authorizer's "{apiId}/authorizers/{id}".</summary>
        private List<PermissionProbe> PermissionProbes(PinCandidate candidate, LambdaIntegrationPin pin)
        {
            var probes = new List<PermissionProbe>();
            var api = candidate.Api;
            if (api == null) return probes;
            var partition = _context.Partition ?? AwsPartition.FromRegion(_context.Region);
            var region = _context.Region ?? candidate.Function.Region;
            var account = _context.AccountId ?? candidate.Function.AccountId ?? "*";
            string Credentials(string value) => string.IsNullOrEmpty(value) ? null : value;

            switch (candidate.SourceKind)
            {
                case SourceKind.RestAuthorizer:
                case SourceKind.HttpAuthorizer:
                    if (candidate.AuthorizerId != null)
                        probes.Add(new PermissionProbe { SourceArn = ExecuteApiArn.ForAuthorizer(partition, region, account, api.ApiId, candidate.AuthorizerId), Credentials = Credentials(candidate.Credentials) });
                    break;
                case SourceKind.StageVariable:
                    foreach (var reader in candidate.Readers)
                    {
                        if (reader.IsAuthorizer)
                        {
                            if (reader.AuthorizerId != null)
                                probes.Add(new PermissionProbe { SourceArn = ExecuteApiArn.ForAuthorizer(partition, region, account, api.ApiId, reader.AuthorizerId), Credentials = Credentials(reader.Credentials) });
                        }
                        else
                        {
                            probes.Add(new PermissionProbe { SourceArn = ExecuteApiArn.ForRouteKey(partition, region, account, api.ApiId, reader.RouteKey, candidate.VariableStage.StageName), Credentials = Credentials(reader.Credentials) });
                        }
                    }
                    break;
                default:
                    var stages = pin.ServedBy.Select(s => s.StageName).Distinct(StringComparer.Ordinal).ToList();
                    if (stages.Count == 0) stages.Add(ExecuteApiArn.AnyStage);
                    foreach (var route in candidate.Routes)
                    {
                        foreach (var stage in stages)
                            probes.Add(new PermissionProbe { SourceArn = ExecuteApiArn.ForRouteKey(partition, region, account, api.ApiId, route, stage), Credentials = Credentials(candidate.Credentials) });
                    }
                    break;
            }
            return probes;
        }

        private static string DescribeLocation(PinCandidate candidate)
        {
            var api = candidate.Api;
            switch (candidate.SourceKind)
            {
                case SourceKind.RestApi:
                    return PinLocation.RestMethod(api.Name, api.ApiId, candidate.HttpMethod, candidate.ResourcePath);
                case SourceKind.RestAuthorizer:
                    return PinLocation.RestAuthorizer(candidate.AuthorizerName, candidate.AuthorizerId, api.Name, api.ApiId);
                case SourceKind.HttpAuthorizer:
                    return PinLocation.V2Authorizer(api.Kind, candidate.AuthorizerName, candidate.AuthorizerId, api.Name, api.ApiId);
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    return PinLocation.Route(api.Kind, api.Name, api.ApiId, candidate.Routes.Count == 0 ? "(no route: integration " + candidate.IntegrationId + ")" : string.Join(", ", candidate.Routes));
                case SourceKind.StageVariable:
                    return PinLocation.StageVariable(candidate.StageVariableName, api.Name, api.ApiId, candidate.VariableStage.StageName, candidate.IsCanaryOverride);
                case SourceKind.EventSourceMapping:
                    return PinLocation.EventSourceMapping(candidate.EventSourceMappingUuid, candidate.EventSourceArn);
                case SourceKind.ResourcePolicy:
                    return PinLocation.Permission(candidate.StatementId, candidate.Principal);
                default:
                    return candidate.RawUri;
            }
        }
    }
}
