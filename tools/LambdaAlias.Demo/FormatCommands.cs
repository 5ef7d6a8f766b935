using System.Management.Automation;
using System.Reflection;
using Microsoft.PowerShell.Commands.Internal.Format;

namespace LambdaAlias.Demo;

/// <summary>
/// Format-List and Format-Table for the hosted engine. The System.Management.Automation package ships the formatting
/// machinery (Out-Default, the module's views) but not these two cmdlets, which live in the Utility module of a full
/// PowerShell install. They are the same thin classes PowerShell's own are: a front end over the engine's formatter,
/// told which shape to produce. The shape is set through the engine's internal constructor, so the demo pins
/// System.Management.Automation 7.6.9 and the demo test proves the list view still renders.
/// </summary>
internal static class FormatShapes
{
    private static readonly Assembly Engine = typeof(PSObject).Assembly;

    internal static void Attach(FrontEndCommandBase command, string shape)
    {
        var shapeType = Engine.GetType("Microsoft.PowerShell.Commands.Internal.Format.FormatShape", throwOnError: true);
        var innerType = Engine.GetType("Microsoft.PowerShell.Commands.Internal.Format.InnerFormatShapeCommand", throwOnError: true);
        var inner = Activator.CreateInstance(innerType, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            new[] { Enum.Parse(shapeType, shape) }, null);
        var field = typeof(FrontEndCommandBase).GetField("implementation", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new MissingFieldException(typeof(FrontEndCommandBase).FullName, "implementation");
        field.SetValue(command, inner);
    }
}

/// <summary>Format-List: renders objects with their list view (for this module, the full detail of a pin or result).</summary>
[Cmdlet(VerbsCommon.Format, "List")]
public sealed class DemoFormatListCommand : OuterFormatTableAndListBase
{
    public DemoFormatListCommand() => FormatShapes.Attach(this, "List");
}

/// <summary>Format-Table, with -AutoSize, -Wrap and -HideTableHeaders from the engine's base class.</summary>
[Cmdlet(VerbsCommon.Format, "Table")]
public sealed class DemoFormatTableCommand : OuterFormatTableBase
{
    public DemoFormatTableCommand() => FormatShapes.Attach(this, "Table");
}
