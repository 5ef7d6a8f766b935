using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace LambdaAlias
{
    /// <summary>
    /// Base of the module's argument completers. Attach a subclass to a parameter with
    /// <c>[ArgumentCompleter(typeof(FunctionNameCompleter))]</c>. Completions use the region, profile, credentials and
    /// endpoint already typed on the command line (-Region, -ProfileName, -ProfilesLocation, -AccessKey/-SecretKey/
    /// -SessionToken, -Credential, -EndpointUrl), then $StoredAWSRegion/$StoredAWSCredentials, then the environment,
    /// exactly as the cmdlet will resolve them; they never prompt (no SSO login, no MFA code), give up after two
    /// seconds, and on any error offer nothing rather than throw or write.
    /// </summary>
    public abstract class AwsArgumentCompleter : IArgumentCompleter
    {
        private readonly AwsCompletionEngine _engine;
        private readonly Func<Func<string, object>> _readVariables;

        protected AwsArgumentCompleter()
        {
        }

        /// <summary>For tests: another connector, cache or time limit, and fixed session variables.</summary>
        internal AwsArgumentCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables)
        {
            _engine = engine;
            _readVariables = readVariables;
        }

        /// <summary>The listing to complete from and the parent it is under (a function, an API), or null when what is
        /// typed so far names no such parent, in which case nothing is offered and AWS is not called.</summary>
        internal abstract ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                return Complete(wordToComplete, fakeBoundParameters);
            }
            catch (Exception)
            {
                // Includes a clash of AWSSDK.Core versions surfacing as a load failure: completion just offers nothing.
                return new List<CompletionResult>();
            }
        }

        // Not inlined, so AWS types load inside CompleteArgument's try block rather than when it is compiled.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private List<CompletionResult> Complete(string wordToComplete, IDictionary fakeBoundParameters)
        {
            var started = Stopwatch.StartNew();
            var source = SelectSource(fakeBoundParameters, out var scope);
            if (source == null) return new List<CompletionResult>();
            var variables = (_readVariables ?? StoredAwsVariables.ReadFromCurrentRunspace)();
            var engine = _engine ?? AwsCompletionEngine.Default;
            var candidates = engine.GetCandidates(source, scope, fakeBoundParameters, variables, started.Elapsed);
            return CompletionText.ToResults(candidates, wordToComplete);
        }
    }

    /// <summary>Completes -FunctionName with the region's Lambda functions; the tooltip shows runtime, memory and last change.</summary>
    public sealed class FunctionNameCompleter : AwsArgumentCompleter
    {
        public FunctionNameCompleter()
        {
        }

        internal FunctionNameCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables) : base(engine, readVariables)
        {
        }

        internal override ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope)
        {
            scope = null;
            return FunctionNameSource.Instance;
        }
    }

    /// <summary>
    /// Completes -AliasName with the aliases of the function typed in -FunctionName (a name, a partial or full ARN; a
    /// qualifier such as ":1" is ignored). Offers nothing until -FunctionName is typed.
    /// </summary>
    public sealed class AliasNameCompleter : AwsArgumentCompleter
    {
        public AliasNameCompleter()
        {
        }

        internal AliasNameCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables) : base(engine, readVariables)
        {
        }

        internal override ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope)
        {
            scope = null;
            var typed = CompletionParameters.GetLiteral(fakeBoundParameters, "FunctionName");
            if (typed == null || !LambdaFunctionReference.TryParse(typed, out var function, out _)) return null;
            scope = function.UnqualifiedArn ?? (function.AccountId != null ? function.AccountId + ":function:" + function.FunctionName : function.FunctionName);
            return AliasNameSource.Instance;
        }
    }

    /// <summary>Completes -RestApiId with REST API ids; the typed word may be the start of an id or of an API's name.</summary>
    public sealed class RestApiIdCompleter : AwsArgumentCompleter
    {
        public RestApiIdCompleter()
        {
        }

        internal RestApiIdCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables) : base(engine, readVariables)
        {
        }

        internal override ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope)
        {
            scope = null;
            return RestApiIdSource.Instance;
        }
    }

    /// <summary>Completes -ApiId with HTTP and WebSocket API ids; the typed word may be the start of an id or of an API's name.</summary>
    public sealed class ApiIdCompleter : AwsArgumentCompleter
    {
        public ApiIdCompleter()
        {
        }

        internal ApiIdCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables) : base(engine, readVariables)
        {
        }

        internal override ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope)
        {
            scope = null;
            return ApiIdSource.Instance;
        }
    }

    /// <summary>
    /// Completes -StageName with the stages of the API typed in -RestApiId (REST) or, when that is absent, -ApiId (HTTP or
    /// WebSocket). Offers nothing until one of them is typed. Names that PowerShell would not read back literally, such
    /// as an HTTP API's "$default", are quoted.
    /// </summary>
    public sealed class StageNameCompleter : AwsArgumentCompleter
    {
        public StageNameCompleter()
        {
        }

        internal StageNameCompleter(AwsCompletionEngine engine, Func<Func<string, object>> readVariables) : base(engine, readVariables)
        {
        }

        internal override ICompletionSource SelectSource(IDictionary fakeBoundParameters, out string scope)
        {
            scope = CompletionParameters.GetLiteral(fakeBoundParameters, "RestApiId");
            if (scope != null) return RestStageNameSource.Instance;
            scope = CompletionParameters.GetLiteral(fakeBoundParameters, "ApiId");
            return scope != null ? V2StageNameSource.Instance : null;
        }
    }
}
