using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace LambdaAlias
{
    /// <summary>An ordered migration plan: steps shared by pins appear once; each pin lists the steps that serve it.</summary>
    public sealed class MigrationPlan
    {
        internal MigrationPlan(IReadOnlyList<PlannedStep> steps, IReadOnlyList<PinPlan> pins, IReadOnlyList<string> warnings)
        {
            Steps = steps; Pins = pins; Warnings = warnings;
        }

        /// <summary>All steps in execution order; <see cref="PlannedStep.Order"/> is 1-based and equals position + 1.</summary>
        public IReadOnlyList<PlannedStep> Steps { get; }
        /// <summary>One entry per input pin, in input order.</summary>
        public IReadOnlyList<PinPlan> Pins { get; }
        /// <summary>Warnings about the run as a whole (duplicates, options), written once.</summary>
        public IReadOnlyList<string> Warnings { get; }

        public PlannedStep Step(int order) => order >= 1 && order <= Steps.Count ? Steps[order - 1] : null;

        /// <summary>Steps that would change something: mutating and not already satisfied.</summary>
        public IEnumerable<PlannedStep> ActionableSteps => Steps.Where(s => s.IsMutating && !s.IsSatisfied);

        public override string ToString() => string.Join(Environment.NewLine, Steps.Select(s => s.ToString()));
    }

    /// <summary>What the planner decided for one pin before anything runs.</summary>
    public enum PinPlanStatus
    {
        /// <summary>Steps are planned (some may already be satisfied).</summary>
        Ready,
        /// <summary>Nothing to do: the pin already invokes the alias (alias pins, or a source migrated since the scan).</summary>
        AlreadyOnAlias,
        /// <summary>Not migrated, with a warning saying why (duplicate, unsupported source, changed since the scan, stage filter).</summary>
        Skipped,
        /// <summary>A guard or a lookup failed; nothing will be changed for this pin.</summary>
        Failed,
    }

    public sealed class PinPlan
    {
        public int Index { get; internal set; }
        public LambdaIntegrationPin Pin { get; internal set; }
        public PinPlanStatus Status { get; internal set; }
        public string FunctionName { get; internal set; }
        /// <summary>The alias this pin's source will invoke (the canary alias for canary overrides).</summary>
        public string AliasName { get; internal set; }
        public string AliasArn { get; internal set; }
        /// <summary>The version the alias serves; null when it is the version a PublishVersion step returns.</summary>
        public string Version { get; internal set; }
        /// <summary>For $LATEST pins: the PublishVersion step whose result is the version.</summary>
        public int? VersionFromStep { get; internal set; }
        /// <summary>Orders of the steps that serve this pin, ascending.</summary>
        public IReadOnlyList<int> StepOrders => stepOrders;
        public IReadOnlyList<string> Warnings => warnings;
        public IReadOnlyList<MigrationError> Errors => errors;
        /// <summary>The pin's outcome is reported once this step has settled, so an API's errors come after its deployment.</summary>
        public int ReportAfterStep { get; internal set; }

        internal readonly List<int> stepOrders = new List<int>();
        internal readonly List<string> warnings = new List<string>();
        internal readonly List<MigrationError> errors = new List<MigrationError>();

        internal void AddWarning(string warning)
        {
            if (!string.IsNullOrEmpty(warning) && !warnings.Contains(warning)) warnings.Add(warning);
        }

        internal void AddStep(int order)
        {
            if (!stepOrders.Contains(order)) { stepOrders.Add(order); stepOrders.Sort(); }
        }

        internal void Fail(MigrationError error)
        {
            Status = PinPlanStatus.Failed;
            errors.Add(error);
        }
    }

    /// <summary>One planned step. Shared steps (one alias, one permission, one deployment) serve several pins.</summary>
    public sealed class PlannedStep
    {
        public int Order { get; internal set; }
        public MigrationStepKind Kind { get; internal set; }
        /// <summary>ShouldProcess target, e.g. "GET /orders on REST API dev-api (abc123)".</summary>
        public string Target { get; internal set; }
        /// <summary>ShouldProcess action as planned; values produced by earlier steps appear as placeholders until known.</summary>
        public string Action => RenderAction(_ => null);
        /// <summary>Every one of these must succeed (or be simulated under WhatIf); otherwise this step is skipped.</summary>
        public IReadOnlyList<int> DependsOn => dependsOn.Items;
        /// <summary>At least one of these must succeed (deployments: any switched integration of the API is worth deploying).</summary>
        public IReadOnlyList<int> RequiresAnyOf => requiresAnyOf.Items;
        /// <summary>False for Verify and WaitForAutoDeploy: they only read, so they need no confirmation.</summary>
        public bool IsMutating { get; internal set; }
        /// <summary>True when the observation shows the step's effect already holds; it is reported as AlreadyDone and never run.</summary>
        public bool IsSatisfied { get; internal set; }
        /// <summary>The API (or mapping) whose switch and deployment belong together; cancellation never separates them.</summary>
        public string Group { get; internal set; }
        /// <summary>Why the step exists or why it is already satisfied.</summary>
        public string Detail { get; internal set; }
        /// <summary>The parameters the executor hands to <see cref="IMigrationActions"/>.</summary>
        public StepOperation Operation { get; internal set; }
        /// <summary>Indexes (into <see cref="MigrationPlan.Pins"/>) of the pins this step serves, ascending.</summary>
        public IReadOnlyList<int> PinIndexes => pinIndexes.Items;

        internal Func<Func<int, string>, string> ActionTemplate { get; set; }
        internal readonly OrderSet dependsOn = new OrderSet();
        internal readonly OrderSet requiresAnyOf = new OrderSet();
        internal readonly OrderSet pinIndexes = new OrderSet();
        internal string Key { get; set; }

        /// <summary>The action text with values produced so far (a published version, a deployment id) filled in.</summary>
        public string RenderAction(Func<int, string> producedValue) => ActionTemplate(producedValue ?? (_ => null));

        internal void DependOn(int order)
        {
            if (order > 0 && order != Order) dependsOn.Add(order);
        }

        internal void RequireAnyOf(int order)
        {
            if (order > 0 && order != Order) requiresAnyOf.Add(order);
        }

        internal void Serve(int pinIndex) => pinIndexes.Add(pinIndex);

        public override string ToString() => $"{Order}. {Kind} {Target}: {Action}" + (IsSatisfied ? " [already done]" : string.Empty);
    }

    /// <summary>A set of step orders or pin indexes, read as an ascending list. A shared step of a large run can hold
    /// thousands of entries, so membership and ordering must not cost a scan per insertion.</summary>
    internal sealed class OrderSet
    {
        private readonly SortedSet<int> set = new SortedSet<int>();
        private IReadOnlyList<int> items = Array.Empty<int>();
        private bool dirty;

        public void Add(int value) { if (set.Add(value)) dirty = true; }
        public void Remove(int value) { if (set.Remove(value)) dirty = true; }

        public IReadOnlyList<int> Items
        {
            get
            {
                if (dirty) { items = set.ToList(); dirty = false; }
                return items;
            }
        }
    }

    /// <summary>An error to write for a pin: ErrorId, category, message and the target it concerns.</summary>
    public sealed class MigrationError
    {
        public MigrationError(string errorId, ErrorCategory category, string message, string target, Exception exception = null, int? stepOrder = null)
        {
            ErrorId = errorId; Category = category; Message = message; Target = target; Exception = exception; StepOrder = stepOrder;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
        public string Message { get; }
        /// <summary>What the error is about, for ErrorRecord.TargetObject, e.g. "my-func:1 at GET /orders ...".</summary>
        public string Target { get; }
        /// <summary>The underlying exception, if any (an AwsServiceException from a step).</summary>
        public Exception Exception { get; }
        /// <summary>The failed step, when the error comes from one.</summary>
        public int? StepOrder { get; }

        public override string ToString() => $"{ErrorId}: {Message}";
    }
}
