using System;
using System.Text;

namespace LambdaAlias
{
    /// <summary>Builds request paths from labels. Each label is escaped as one path segment (RFC 3986: only
    /// A-Z a-z 0-9 - _ . ~ stay literal), so a function ARN's colons, <c>$LATEST</c>'s dollar and a resource ARN's
    /// slashes cannot change the path's shape. Done by hand rather than with Uri.EscapeDataString, whose reserved set
    /// differs between .NET Framework and .NET.</summary>
    public static class AwsPath
    {
        public static string Escape(string label)
        {
            if (label == null) throw new ArgumentNullException(nameof(label));
            if (label.Length == 0) throw new ArgumentException("A path label cannot be empty.", nameof(label));
            var builder = new StringBuilder(label.Length + 8);
            foreach (var b in Encoding.UTF8.GetBytes(label))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                    builder.Append(c);
                else
                    builder.Append('%').Append(b.ToString("X2"));
            }
            return builder.ToString();
        }

        /// <summary>Joins a literal path template with escaped labels: <c>Build("/restapis/{0}/stages/{1}", id, stage)</c>.</summary>
        public static string Build(string template, params string[] labels)
        {
            var escaped = new object[labels.Length];
            for (var i = 0; i < labels.Length; i++) escaped[i] = Escape(labels[i]);
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, template, escaped);
        }
    }
}
