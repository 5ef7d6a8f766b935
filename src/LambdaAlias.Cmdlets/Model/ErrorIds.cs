using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace LambdaAlias
{
    /// <summary>Marks an ErrorId constant with its meaning, so the catalogue in help is generated from code.</summary>
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class ErrorIdMeaningAttribute : Attribute
    {
        public ErrorIdMeaningAttribute(string meaning) { Meaning = meaning; }
        public string Meaning { get; }
    }

    /// <summary>
    /// Every ErrorId this module writes. Each area declares its own in a partial file (ErrorIds.*.cs beside its code)
    /// with an [ErrorIdMeaning] so the help's list of ErrorIds can never drift from the code.
    /// </summary>
    public static partial class ErrorIds
    {
        /// <summary>All ErrorIds with their meanings, from the constants of this class.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Catalogue() =>
            typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => new KeyValuePair<string, string>((string)f.GetRawConstantValue(), f.GetCustomAttribute<ErrorIdMeaningAttribute>()?.Meaning))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ToList();
    }
}
