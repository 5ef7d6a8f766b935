using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>
    /// Turns a pipeline object into a <see cref="LambdaIntegrationPin"/>. Live pins pass through as they are; pins that
    /// went through Export-Clixml/Import-Clixml (or any object or hashtable with the same property names) are rebuilt by
    /// property name, so a reviewed scan can be applied later. Enums may come back as strings, arrays as ArrayLists.
    /// </summary>
    public static class PinInput
    {
        /// <summary>True with a pin; false with a sentence saying what is missing or wrong.</summary>
        public static bool TryConvert(object input, out LambdaIntegrationPin pin, out string problem)
        {
            pin = null;
            problem = null;
            var value = Unwrap(input);
            if (value == null)
            {
                problem = "The input object is null.";
                return false;
            }
            if (value is LambdaIntegrationPin live)
            {
                if (Validate(live, out problem)) pin = live;
                return pin != null;
            }

            var bag = PropertyBag.From(input, value);
            if (bag == null)
            {
                problem = $"The input object of type {value.GetType().FullName} is not a LambdaAlias.LambdaIntegrationPin; pipe the output of Get-LambdaIntegrationPin (or Import-Clixml of it).";
                return false;
            }
            if (!bag.TryEnum("PinKind", out PinKind pinKind, out problem) || !bag.TryEnum("SourceKind", out SourceKind sourceKind, out problem)) return false;
            pin = new LambdaIntegrationPin
            {
                FunctionName = bag.String("FunctionName"),
                FunctionArn = bag.String("FunctionArn"),
                Qualifier = bag.String("Qualifier"),
                AliasName = bag.String("AliasName"),
                PinKind = pinKind,
                PinnedVersion = bag.String("PinnedVersion"),
                LatestPublishedVersion = bag.String("LatestPublishedVersion"),
                VersionsBehind = bag.Int("VersionsBehind"),
                AliasesAtPinnedVersion = bag.Strings("AliasesAtPinnedVersion"),
                FunctionDetailsKnown = bag.Bool("FunctionDetailsKnown"),
                SourceKind = sourceKind,
                Location = bag.String("Location"),
                RestApiId = bag.String("RestApiId"),
                ApiId = bag.String("ApiId"),
                ApiName = bag.String("ApiName"),
                ResourceId = bag.String("ResourceId"),
                ResourcePath = bag.String("ResourcePath"),
                HttpMethod = bag.String("HttpMethod"),
                IntegrationId = bag.String("IntegrationId"),
                AuthorizerId = bag.String("AuthorizerId"),
                Routes = bag.Strings("Routes"),
                StageVariableName = bag.String("StageVariableName"),
                IsCanaryOverride = bag.Bool("IsCanaryOverride"),
                EventSourceMappingUuid = bag.String("EventSourceMappingUuid"),
                EventSourceArn = bag.String("EventSourceArn"),
                Principal = bag.String("Principal"),
                SourceArn = bag.String("SourceArn"),
                StatementId = bag.String("StatementId"),
                CredentialsRole = bag.String("CredentialsRole"),
                RawUri = bag.String("RawUri"),
                Stages = bag.Strings("Stages"),
                ServedBy = bag.Objects("ServedBy").Select(ToServing).Where(s => s != null).ToArray(),
                LiveState = bag.TryEnum("LiveState", out LiveState liveState, out _, LiveState.Unknown) ? liveState : LiveState.Unknown,
                Permission = bag.TryEnum("Permission", out PermissionState permission, out _, PermissionState.Unknown) ? permission : PermissionState.Unknown,
                PermissionDetail = bag.String("PermissionDetail"),
                Echoes = bag.Strings("Echoes"),
                ManagedBy = bag.String("ManagedBy"),
                Region = bag.String("Region"),
                AccountId = bag.String("AccountId"),
                ProfileName = bag.String("ProfileName"),
                EndpointUrl = bag.String("EndpointUrl"),
                ConfigDrift = bag.Objects("ConfigDrift").Select(ToDifference).Where(d => d != null).ToArray(),
            };
            if (Validate(pin, out problem)) return true;
            pin = null;
            return false;
        }

        private static bool Validate(LambdaIntegrationPin pin, out string problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(pin.FunctionName)) problem = "The pin has no FunctionName.";
            else if (!Enum.IsDefined(typeof(PinKind), pin.PinKind)) problem = $"The pin's PinKind '{pin.PinKind}' is not Version, Latest or Alias.";
            else if (!Enum.IsDefined(typeof(SourceKind), pin.SourceKind)) problem = $"The pin's SourceKind '{pin.SourceKind}' is not known.";
            else if (pin.PinKind == PinKind.Version && string.IsNullOrEmpty(pin.PinnedVersion) && !AliasNames.IsVersionNumber(pin.Qualifier))
                problem = "The version pin names no PinnedVersion.";
            else if (pin.PinKind != PinKind.Alias) problem = MissingIdentity(pin);
            return problem == null;
        }

        /// <summary>The ids a pin of each source kind needs so its source can be found again.</summary>
        private static string MissingIdentity(LambdaIntegrationPin pin)
        {
            switch (pin.SourceKind)
            {
                case SourceKind.RestApi:
                    return Missing(pin, ("RestApiId", pin.RestApiId), ("ResourceId", pin.ResourceId), ("HttpMethod", pin.HttpMethod));
                case SourceKind.RestAuthorizer:
                    return Missing(pin, ("RestApiId", pin.RestApiId), ("AuthorizerId", pin.AuthorizerId));
                case SourceKind.HttpApi:
                case SourceKind.WebSocketApi:
                    return Missing(pin, ("ApiId", pin.ApiId), ("IntegrationId", pin.IntegrationId));
                case SourceKind.HttpAuthorizer:
                    return Missing(pin, ("ApiId", pin.ApiId), ("AuthorizerId", pin.AuthorizerId));
                case SourceKind.StageVariable:
                    if (string.IsNullOrEmpty(pin.RestApiId) && string.IsNullOrEmpty(pin.ApiId)) return "The stage-variable pin names neither RestApiId nor ApiId.";
                    if (string.IsNullOrEmpty(SourceObservation.FirstStageName(pin))) return "The stage-variable pin names no stage (ServedBy or Stages).";
                    return Missing(pin, ("StageVariableName", pin.StageVariableName));
                case SourceKind.EventSourceMapping:
                    return Missing(pin, ("EventSourceMappingUuid", pin.EventSourceMappingUuid));
                default:
                    return null;
            }
        }

        private static string Missing(LambdaIntegrationPin pin, params (string Name, string Value)[] ids)
        {
            var missing = ids.Where(i => string.IsNullOrWhiteSpace(i.Value)).Select(i => i.Name).ToList();
            return missing.Count == 0 ? null : $"The {pin.SourceKind} pin of {pin.FunctionName} lacks {string.Join(", ", missing)}.";
        }

        private static StageServing ToServing(object item)
        {
            var value = Unwrap(item);
            if (value is StageServing serving) return serving;
            var bag = PropertyBag.From(item, value);
            if (bag == null) return null;
            var name = bag.String("StageName");
            if (string.IsNullOrEmpty(name)) return null;
            return new StageServing { StageName = name, IsCanary = bag.Bool("IsCanary"), DeploymentId = bag.String("DeploymentId"), ResolvedUri = bag.String("ResolvedUri") };
        }

        private static ConfigDifference ToDifference(object item)
        {
            var value = Unwrap(item);
            if (value is ConfigDifference difference) return difference;
            var bag = PropertyBag.From(item, value);
            if (bag == null) return null;
            return new ConfigDifference { Property = bag.String("Property"), ComparedWith = bag.String("ComparedWith"), PinnedValue = bag.String("PinnedValue"), OtherValue = bag.String("OtherValue") };
        }

        private static object Unwrap(object value) => value is PSObject pso ? (pso.BaseObject is PSCustomObject ? pso : pso.BaseObject) : value;

        /// <summary>Reads properties of a PSObject (deserialized or custom) or the keys of a dictionary, case-insensitively.</summary>
        private sealed class PropertyBag
        {
            private readonly Func<string, object> _get;

            private PropertyBag(Func<string, object> get) { _get = get; }

            public static PropertyBag From(object original, object value)
            {
                if (value is IDictionary dictionary)
                {
                    return new PropertyBag(name =>
                    {
                        foreach (DictionaryEntry entry in dictionary)
                            if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase)) return entry.Value;
                        return null;
                    });
                }
                var pso = original as PSObject ?? value as PSObject;
                if (pso == null || value is string || value.GetType().IsPrimitive) return null;
                if (pso.Properties["FunctionName"] == null && pso.Properties["StageName"] == null && pso.Properties["Property"] == null) return null;
                return new PropertyBag(name => pso.Properties[name]?.Value);
            }

            private object Raw(string name)
            {
                var value = _get(name);
                return value is PSObject pso ? pso.BaseObject : value;
            }

            public string String(string name)
            {
                var value = Raw(name);
                if (value == null) return null;
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                return string.IsNullOrEmpty(text) ? null : text;
            }

            public bool Bool(string name)
            {
                var value = Raw(name);
                switch (value)
                {
                    case bool b: return b;
                    case SwitchParameter s: return s.IsPresent;
                    case string text: return bool.TryParse(text, out var parsed) && parsed;
                    default: return false;
                }
            }

            public int? Int(string name)
            {
                var value = Raw(name);
                if (value == null) return null;
                try { return Convert.ToInt32(value, CultureInfo.InvariantCulture); }
                catch (FormatException) { return null; }
                catch (InvalidCastException) { return null; }
                catch (OverflowException) { return null; }
            }

            public IEnumerable<object> Objects(string name)
            {
                var value = _get(name);
                var raw = value is PSObject pso ? pso.BaseObject : value;
                if (raw == null) return Enumerable.Empty<object>();
                if (raw is string) return new[] { value };
                if (raw is IEnumerable sequence && !(raw is IDictionary)) return sequence.Cast<object>().ToList();
                return new[] { value };
            }

            public string[] Strings(string name) =>
                Objects(name).Select(o => o is PSObject p ? p.BaseObject : o).Where(o => o != null)
                    .Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)).Where(s => !string.IsNullOrEmpty(s)).ToArray();

            public bool TryEnum<T>(string name, out T result, out string problem, T? fallback = null) where T : struct
            {
                problem = null;
                var value = Raw(name);
                if (value is T typed) { result = typed; return true; }
                if (value == null)
                {
                    result = fallback ?? default(T);
                    if (fallback.HasValue) return true;
                    problem = $"The input object has no {name}; it is not a LambdaAlias.LambdaIntegrationPin.";
                    return false;
                }
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                if (Enum.TryParse(text, true, out result) && Enum.IsDefined(typeof(T), result)) return true;
                result = fallback ?? default(T);
                problem = $"The input object's {name} '{text}' is not one of {string.Join(", ", Enum.GetNames(typeof(T)))}.";
                return fallback.HasValue;
            }
        }
    }
}
