namespace LambdaAlias.Emulator.Infrastructure;

public enum FaultKind
{
    /// <summary>Answer with an AWS error in the service's wire format.</summary>
    Error,
    /// <summary>Abort the connection without a response (a connection reset, as the client sees it).</summary>
    Drop,
    /// <summary>Send nothing until the client gives up or <see cref="FaultRule.HangFor"/> passes, then drop the connection.</summary>
    Timeout,
    /// <summary>Run the operation (a mutation takes effect), then abort the connection instead of answering: the client
    /// cannot tell whether its call was applied, which is what idempotent retries must survive.</summary>
    DropAfterCommit,
}

/// <summary>Fail calls <see cref="OnCall"/> .. <see cref="OnCall"/>+<see cref="Times"/>-1 of an operation, counted from when
/// the rule was added over calls that passed signature verification.</summary>
public sealed class FaultRule
{
    public string Id { get; init; } = Guid.NewGuid().ToString("N").Substring(0, 12);
    /// <summary>Operation name, e.g. "CreateAlias"; "*" for every operation.</summary>
    public string Operation { get; init; }
    /// <summary>Optional service filter ("lambda", "apigateway", "sts"); null matches any.</summary>
    public string Service { get; init; }
    /// <summary>1-based index of the first call that fails.</summary>
    public int OnCall { get; init; } = 1;
    /// <summary>How many consecutive calls fail; 0 means every call from <see cref="OnCall"/> on.</summary>
    public int Times { get; init; } = 1;
    public FaultKind Kind { get; init; } = FaultKind.Error;
    public int Status { get; init; } = 500;
    /// <summary>The error code (x-amzn-ErrorType); defaults per status and service when null.</summary>
    public string Code { get; init; }
    public string Message { get; init; }
    /// <summary>Sent as Retry-After when set (for 429 and 503 faults).</summary>
    public double? RetryAfterSeconds { get; init; }
    /// <summary>Upper bound on a <see cref="FaultKind.Timeout"/> hang, in real time.</summary>
    public TimeSpan HangFor { get; init; } = TimeSpan.FromSeconds(30);

    internal int CallsSeen;
    internal int Fired;
    public int CallsCounted => Volatile.Read(ref CallsSeen);
    public int TimesFired => Volatile.Read(ref Fired);

    public bool Matches(string service, string operation)
        => (Operation == "*" || string.Equals(Operation, operation, StringComparison.Ordinal))
           && (Service == null || string.Equals(QuotaManager.Family(Service), QuotaManager.Family(service), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The active fault rules. Thread-safe; rules stay until removed or cleared so their counters remain visible.</summary>
public sealed class FaultInjector
{
    private readonly object _sync = new();
    private readonly List<FaultRule> _rules = new();

    public FaultRule Add(FaultRule rule)
    {
        if (string.IsNullOrEmpty(rule.Operation)) throw new ArgumentException("A fault rule needs an operation name (or \"*\").");
        if (rule.OnCall < 1) throw new ArgumentException("OnCall is 1-based.");
        lock (_sync) _rules.Add(rule);
        return rule;
    }

    /// <summary>Fail the <paramref name="nthCall"/>th call of <paramref name="operation"/> with an AWS error.</summary>
    public FaultRule FailNth(string operation, int nthCall, int status, string code = null, string message = null, int times = 1)
        => Add(new FaultRule { Operation = operation, OnCall = nthCall, Times = times, Kind = FaultKind.Error, Status = status, Code = code, Message = message });

    public FaultRule DropNth(string operation, int nthCall, int times = 1)
        => Add(new FaultRule { Operation = operation, OnCall = nthCall, Times = times, Kind = FaultKind.Drop });

    public FaultRule DropAfterCommitNth(string operation, int nthCall, int times = 1)
        => Add(new FaultRule { Operation = operation, OnCall = nthCall, Times = times, Kind = FaultKind.DropAfterCommit });

    public FaultRule TimeoutNth(string operation, int nthCall, TimeSpan? hangFor = null, int times = 1)
        => Add(new FaultRule { Operation = operation, OnCall = nthCall, Times = times, Kind = FaultKind.Timeout, HangFor = hangFor ?? TimeSpan.FromSeconds(30) });

    public bool Remove(string id) { lock (_sync) return _rules.RemoveAll(r => r.Id == id) > 0; }
    public void Clear() { lock (_sync) _rules.Clear(); }
    public IReadOnlyList<FaultRule> Rules { get { lock (_sync) return _rules.ToList(); } }

    /// <summary>Count this call against every matching rule and return the first rule that fires for it, if any.</summary>
    public FaultRule Next(string service, string operation)
    {
        lock (_sync)
        {
            FaultRule firing = null;
            foreach (var rule in _rules)
            {
                if (!rule.Matches(service, operation)) continue;
                var n = ++rule.CallsSeen;
                var fires = n >= rule.OnCall && (rule.Times == 0 || n < rule.OnCall + rule.Times);
                if (fires && firing == null) { firing = rule; rule.Fired++; }
            }
            return firing;
        }
    }

    /// <summary>AWS's usual code for an HTTP status in each service, for rules that give only a status.</summary>
    public static string DefaultCode(string service, int status) => (QuotaManager.Family(service), status) switch
    {
        ("lambda", 400) => "InvalidParameterValueException",
        ("lambda", 403) => "AccessDeniedException",
        ("lambda", 404) => "ResourceNotFoundException",
        ("lambda", 409) => "ResourceConflictException",
        ("lambda", 412) => "PreconditionFailedException",
        ("lambda", 429) => "TooManyRequestsException",
        ("lambda", _) when status >= 500 => "ServiceException",
        ("sts", 403) => "AccessDenied",
        ("sts", 429) => "Throttling",
        ("sts", _) when status >= 500 => "InternalFailure",
        (_, 400) => "BadRequestException",
        (_, 403) => "AccessDeniedException",
        (_, 404) => "NotFoundException",
        (_, 409) => "ConflictException",
        (_, 429) => "TooManyRequestsException",
        (_, 503) => "ServiceUnavailableException",
        (_, _) when status >= 500 => "InternalServerErrorException",
        _ => "BadRequestException",
    };
}
