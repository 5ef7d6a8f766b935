using System;

namespace LambdaAlias
{
    /// <summary>One statement of a Lambda function's (or qualifier's) resource policy, as GetPolicy returns it, reduced to
    /// what decides who may invoke and what AddPermission can express.</summary>
    public sealed class PolicyStatement
    {
        public string Sid { get; set; }
        /// <summary>"Allow" or "Deny".</summary>
        public string Effect { get; set; }
        /// <summary>Service principal ("apigateway.amazonaws.com"), account id, or ARN; "*" for a wildcard principal.</summary>
        public string Principal { get; set; }
        /// <summary>True when the principal is a service (Principal.Service), false for an AWS account/ARN principal.</summary>
        public bool IsServicePrincipal { get; set; }
        /// <summary>e.g. "lambda:InvokeFunction".</summary>
        public string Action { get; set; }
        /// <summary>The function ARN the statement is on, qualified or not.</summary>
        public string Resource { get; set; }
        /// <summary>ArnLike/ArnEquals AWS:SourceArn condition value, or null.</summary>
        public string SourceArn { get; set; }
        /// <summary>StringEquals AWS:SourceAccount condition value, or null.</summary>
        public string SourceAccount { get; set; }
        /// <summary>aws:PrincipalOrgID / lambda:FunctionUrlAuthType or similar conditions AddPermission also expresses.</summary>
        public string PrincipalOrgId { get; set; }
        public string FunctionUrlAuthType { get; set; }
        /// <summary>True when the statement has conditions or shape that AddPermission cannot express (Deny, NotPrincipal,
        /// other condition keys, several actions). Such statements are reported, never copied.</summary>
        public bool HasInexpressibleParts { get; set; }
        /// <summary>Why <see cref="HasInexpressibleParts"/> is set, for the report.</summary>
        public string InexpressibleReason { get; set; }
        /// <summary>The statement's JSON exactly as read, for reports.</summary>
        public string RawJson { get; set; }

        public override string ToString() => $"{Sid}: {Effect} {Principal} {Action} on {Resource}" + (SourceArn != null ? $" if SourceArn like {SourceArn}" : string.Empty);
    }
}
