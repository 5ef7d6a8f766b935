using System.Management.Automation.Language;
using System.Xml.Linq;
using LambdaAlias.Tests.Harness;
using Xunit;

namespace LambdaAlias.Tests.Foundation;

/// <summary>The format file's views name real members and render within 120 columns through Out-Default.
/// Get-FormatData is not in the hosted engine, so views are checked by reflection over the XML.</summary>
public sealed class FormatTests
{
    private static readonly string FormatFile = Path.Combine(RepoPaths.Root, "LambdaAlias.format.ps1xml");
    private static readonly string[] ViewedTypes = { "LambdaAlias.LambdaIntegrationPin", "LambdaAlias.MigrationResult", "LambdaAlias.AliasRollbackResult" };

    private static IEnumerable<XElement> Views() => XDocument.Load(FormatFile).Descendants("View");

    private static string TypeOf(XElement view) => (string)view.Element("ViewSelectedBy")!.Element("TypeName");

    [Fact]
    public void EachOutputTypeHasATableViewFirstAndAListView()
    {
        foreach (var type in ViewedTypes)
        {
            var views = Views().Where(v => TypeOf(v) == type).ToList();
            Assert.True(views.Count == 2, $"{type} needs a table and a list view");
            Assert.NotNull(views[0].Element("TableControl")); // the first view is the default one Out-Default uses
            Assert.NotNull(views[1].Element("ListControl"));
        }
    }

    [Fact]
    public void TablesFitIn120Columns()
    {
        foreach (var table in Views().Select(v => v.Element("TableControl")).Where(t => t != null))
        {
            var headers = table.Descendants("TableColumnHeader").ToList();
            Assert.All(headers, hd => Assert.NotNull(hd.Element("Width")));
            var width = headers.Sum(hd => (int)hd.Element("Width")) + headers.Count - 1;
            Assert.True(width <= 120, $"{TypeOf(table.Parent)} table is {width} columns wide");
            Assert.Equal(headers.Count, table.Descendants("TableColumnItem").Count());
        }
    }

    [Fact]
    public void EveryMemberAViewNamesExistsOnItsType()
    {
        using var h = PowerShellHarness.Create();
        var assembly = h.Module.ImplementingAssembly;
        var problems = new List<string>();
        foreach (var view in Views())
        {
            var type = assembly.GetType(TypeOf(view));
            Assert.True(type != null, $"View {(string)view.Element("Name")} selects {TypeOf(view)}, which the module does not define.");
            foreach (var property in view.Descendants("PropertyName"))
                if (type.GetProperty(property.Value) == null)
                    problems.Add($"{(string)view.Element("Name")}: {type.Name} has no property {property.Value}");
            foreach (var script in view.Descendants("ScriptBlock"))
            {
                var ast = Parser.ParseInput(script.Value, out _, out var errors);
                Assert.Empty(errors);
                problems.AddRange(ScriptMembers.Check(ast, type).Select(p => $"{(string)view.Element("Name")}: {{{script.Value}}}: {p}"));
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void TheMemberCheckCatchesAMissingMember()
    {
        var type = typeof(Version);
        Assert.Empty(ScriptMembers.Check(Parser.ParseInput("$_.Major; $_.ToString()", out _, out _), type));
        Assert.Equal(new[] { "Version has no property Nope", "Version has no method Frob" },
            ScriptMembers.Check(Parser.ParseInput("$_.Nope; $_.Frob()", out _, out _), type));
        // Inside a nested block, $_ is the element of the piped collection.
        Assert.Equal(new[] { "Char has no property Length" },
            ScriptMembers.Check(Parser.ParseInput("$_.ToCharArray() | ForEach-Object { $_.Length }", out _, out _), typeof(string)));
    }

    [Fact]
    public void PinTableRendersItsColumnsThroughOutDefault()
    {
        using var h = PowerShellHarness.Create();
        var r = h.Render(@"
$a = [LambdaAlias.LambdaIntegrationPin]::new()
$a.FunctionName = 'my-func'; $a.Qualifier = '1'; $a.PinKind = 'Version'; $a.Location = 'REST dev-api (a1b2c3d4e5) GET /orders'
$a.Stages = @('dev', 'prod'); $a.VersionsBehind = 3; $a.Permission = 'Granted'
$b = [LambdaAlias.LambdaIntegrationPin]::new()
$b.FunctionName = 'http-func'; $b.PinKind = 'Latest'; $b.Permission = 'Missing'
$b.Location = 'HTTP items-http-api (h1t2t3p4a5) POST /items and a location far too long to fit its column'
$a, $b").AssertNoErrors();
        var lines = r.HostLines.Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Matches(@"^Function\s+Pin\s+Kind\s+Location\s+Stages\s+Behind Permission$", lines[0]);
        Assert.Matches(@"^-{8}\s+-{3}\s+-{4}\s+-{8}\s+-{6}\s+-{6} -{10}$", lines[1]);
        Assert.Matches(@"^my-func\s+1\s+Version\s+REST dev-api \(a1b2c3d4e5\) GET /orders\s+dev,prod\s+3 Granted$", lines[2]);
        Assert.Matches(@"^http-func\s+\(none\)\s+Latest\s+HTTP items-http-api \(h1t2t3p4a5\) POST /it…\s+Missing$", lines[3]);
        Assert.Equal(lines[0].IndexOf("Location"), lines[2].IndexOf("REST"));
        Assert.All(r.HostLines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public void MigrationAndRollbackTablesRenderThroughOutDefault()
    {
        using var h = PowerShellHarness.Create();
        var migration = h.Render(@"
$pin = [LambdaAlias.LambdaIntegrationPin]::new(); $pin.Location = 'REST dev-api (a1b2c3d4e5) GET /orders'
$m = [LambdaAlias.MigrationResult]::new()
$m.Status = 'PartiallyApplied'; $m.FunctionName = 'my-func'; $m.AliasName = 'live'; $m.Version = '1'; $m.Pin = $pin
$steps = foreach ($outcome in 'Done', 'AlreadyDone', 'Failed') { $s = [LambdaAlias.MigrationStep]::new(); $s.Outcome = $outcome; $s }
$m.Steps = $steps; $m.Warnings = @('one warning')
$m").AssertNoErrors();
        var lines = migration.HostLines.Where(l => l.Trim().Length > 0).ToList();
        Assert.Matches(@"^Status\s+Function\s+Alias\s+Version\s+Location\s+Steps\s+Warnings$", lines[0]);
        Assert.Matches(@"^PartiallyApplied my-func\s+live\s+1\s+REST dev-api \(a1b2c3d4e5\) GET /orders\s+2/3 done\s+1$", lines[2]);

        var rollback = h.Render(@"
$r = [LambdaAlias.AliasRollbackResult]::new()
$r.Status = 'RolledBack'; $r.FunctionName = 'my-func'; $r.AliasName = 'live'; $r.FromVersion = '2'; $r.ToVersion = '1'
$r.RemovedWeights['3'] = 0.1
$r").AssertNoErrors();
        lines = rollback.HostLines.Where(l => l.Trim().Length > 0).ToList();
        Assert.Matches(@"^Status\s+Function\s+Alias\s+From\s+To\s+RemovedWeights\s+Warnings$", lines[0]);
        Assert.Matches(@"^RolledBack\s+my-func\s+live\s+2\s+1\s+3=0\.1\s+0$", lines[2]);
        Assert.All(migration.HostLines.Concat(rollback.HostLines), l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
    }

    [Fact]
    public void ListViewsRenderThroughOutDefault()
    {
        // Format-List is not in the hosted engine; a copy of the format file holding only the list views makes them the
        // default, and the module's assembly is imported without its manifest so its own table views stay out.
        var doc = XDocument.Load(FormatFile);
        doc.Descendants("View").Where(v => v.Element("ListControl") == null).Remove();
        var listOnly = Path.Combine(Path.GetTempPath(), $"lambdaalias-lists-{Guid.NewGuid():N}.format.ps1xml");
        doc.Save(listOnly);
        try
        {
            var options = new HarnessOptions { ImportModule = false };
            options.FormatFiles.Add(listOnly);
            using var h = PowerShellHarness.Create(options);
            h.Run("param($Dll) Import-Module $Dll", new() { ["Dll"] = Path.Combine(RepoPaths.ModuleFolder, "LambdaAlias.Cmdlets.dll") }).AssertNoErrors();
            h.Run(@"
$drift = [LambdaAlias.ConfigDifference]::new(); $drift.Property = 'Runtime'; $drift.ComparedWith = '2'; $drift.PinnedValue = 'python3.9'; $drift.OtherValue = 'python3.12'
$p = [LambdaAlias.LambdaIntegrationPin]::new()
$p.FunctionName = 'my-func'; $p.Qualifier = '1'; $p.PinKind = 'Version'; $p.Permission = 'Missing'; $p.PermissionDetail = 'no statement for GET /orders'
$p.ConfigDrift = @($drift); $p.AccountId = '123456789012'; $p.Region = 'us-east-1'; $p.Routes = @('GET /orders', 'ANY /{proxy+}')
$m = [LambdaAlias.MigrationResult]::new(); $m.FunctionName = 'my-func'; $m.Pin = $p; $m.DeploymentIds = @('d1', 'd2')
$b = [LambdaAlias.AliasRollbackResult]::new(); $b.FunctionName = 'my-func'; $b.RemovedWeights['3'] = 0.25
$global:objects = $p, $m, $b").AssertNoErrors();
            // One Out-Default per object: a pipeline of mixed types would be shaped by the first one's view.
            var rendered = Enumerable.Range(0, 3).Select(i => h.Render($"$global:objects[{i}]").AssertNoErrors()).ToList();
            var text = string.Join("\n", rendered.Select(x => x.HostText));
            Assert.Matches(@"(?m)^Function\s+: my-func$", text);
            Assert.Matches(@"(?m)^Pin\s+: my-func:1$", text);
            Assert.Matches(@"(?m)^Permission\s+: Missing: no statement for GET /orders$", text);
            Assert.Matches(@"(?m)^Drift\s+: Runtime: python3\.9 -> python3\.12 \(2\)$", text);
            Assert.Matches(@"(?m)^Routes\s+: GET /orders, ANY /\{proxy\+\}$", text);
            Assert.Matches(@"(?m)^Account\s+: 123456789012 us-east-1$", text);
            Assert.Matches(@"(?m)^Deployments\s+: d1, d2$", text);
            Assert.Matches(@"(?m)^RemovedWeights\s+: 3=0\.25$", text);
            Assert.All(rendered.SelectMany(x => x.HostLines), l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        }
        finally
        {
            File.Delete(listOnly);
        }
    }
}

/// <summary>Finds the members a format script block reads from <c>$_</c> and checks them against a type.</summary>
internal static class ScriptMembers
{
    public static List<string> Check(Ast script, Type itemType)
    {
        var problems = new List<string>();
        Visit(script, itemType, problems);
        return problems;
    }

    private static void Visit(Ast scope, Type itemType, List<string> problems)
    {
        // Member chains on $_ that belong to this scope (not to a nested script block, where $_ means something else).
        foreach (var member in scope.FindAll(a => a is MemberExpressionAst m && IsDollarUnderscore(Root(m)) && Owner(a) == Owner(scope, self: true), true).Cast<MemberExpressionAst>())
        {
            if (member.Parent is MemberExpressionAst outer && outer.Expression == member) continue; // checked as part of the longer chain
            Resolve(member, itemType, problems);
        }
        // A nested block piped from a $_ chain sees the chain's elements as $_.
        foreach (var block in scope.FindAll(a => a is ScriptBlockExpressionAst && Owner(a) == Owner(scope, self: true), true).Cast<ScriptBlockExpressionAst>())
        {
            var pipeline = block.Parent?.Parent as PipelineAst;
            if (pipeline?.PipelineElements[0] is CommandExpressionAst { Expression: MemberExpressionAst source } && IsDollarUnderscore(Root(source)))
            {
                var sourceType = Resolve(source, itemType, new List<string>());
                var element = ElementType(sourceType);
                if (element != null) Visit(block.ScriptBlock, element, problems);
            }
        }
    }

    private static Type Resolve(MemberExpressionAst member, Type itemType, List<string> problems)
    {
        var chain = new Stack<MemberExpressionAst>();
        for (Ast a = member; a is MemberExpressionAst m; a = m.Expression) chain.Push(m);
        var type = itemType;
        foreach (var m in chain)
        {
            if (type == null || m.Member is not StringConstantExpressionAst name) return null;
            if (m is InvokeMemberExpressionAst)
            {
                var method = type.GetMethods().FirstOrDefault(x => x.Name == name.Value);
                if (method == null) { problems.Add($"{type.Name} has no method {name.Value}"); return null; }
                type = method.ReturnType;
            }
            else
            {
                var property = type.GetProperty(name.Value);
                if (property == null) { problems.Add($"{type.Name} has no property {name.Value}"); return null; }
                type = property.PropertyType;
            }
        }
        return type;
    }

    private static Type ElementType(Type type)
    {
        if (type == null) return null;
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string)) return null;
        var enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static Ast Root(MemberExpressionAst m)
    {
        Ast a = m;
        while (a is MemberExpressionAst inner) a = inner.Expression;
        return a;
    }

    private static bool IsDollarUnderscore(Ast a) =>
        a is VariableExpressionAst v && (v.VariablePath.UserPath == "_" || v.VariablePath.UserPath.Equals("PSItem", StringComparison.OrdinalIgnoreCase));

    private static Ast Owner(Ast a, bool self = false)
    {
        for (var p = self ? a : a.Parent; p != null; p = p.Parent)
            if (p is ScriptBlockAst) return p;
        return null;
    }
}
