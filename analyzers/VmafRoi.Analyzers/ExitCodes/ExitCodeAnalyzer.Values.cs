using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace VmafRoi.Analyzers.ExitCodes;

public sealed partial class ExitCodeAnalyzer
{
    /// <summary>VR1001: the values a process exits with (Main's return, Environment.Exit, Environment.ExitCode).</summary>
    private sealed class ExitValues
    {
        private readonly INamedTypeSymbol _exitCodes;
        private readonly INamedTypeSymbol? _environment;

        public ExitValues(INamedTypeSymbol exitCodes, INamedTypeSymbol? environment)
        {
            _exitCodes = exitCodes;
            _environment = environment;
        }

        public void AnalyzeReturn(OperationAnalysisContext context)
        {
            var operation = (IReturnOperation)context.Operation;
            if (operation.ReturnedValue is { } value && IsEntryPoint(context.ContainingSymbol) && !IsInNestedFunction(operation))
            {
                Check(context, value);
            }
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name == "Exit"
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _environment)
                && invocation.Arguments.Length == 1)
            {
                Check(context, invocation.Arguments[0].Value);
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: "ExitCode" } target
                && SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, _environment))
            {
                Check(context, assignment.Value);
            }
        }

        // Main, or the method the compiler makes of top-level statements.
        private static bool IsEntryPoint(ISymbol symbol) =>
            symbol is IMethodSymbol { IsStatic: true } method
            && (method.Name == WellKnownMemberNames.EntryPointMethodName || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName);

        // A return inside a lambda or local function returns from that, not from Main.
        private static bool IsInNestedFunction(IOperation operation)
        {
            for (IOperation? parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reports each constant that could become the exit code and is not an ExitCodes member; computed values pass.</summary>
        private void Check(OperationAnalysisContext context, IOperation value)
        {
            IOperation reportAt = value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            switch (value)
            {
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    Check(context, conditional.WhenTrue);
                    Check(context, whenFalse);
                    return;
                case ISwitchExpressionOperation switchExpression:
                    foreach (ISwitchExpressionArmOperation arm in switchExpression.Arms)
                    {
                        Check(context, arm.Value);
                    }

                    return;
                case ICoalesceOperation coalesce:
                    Check(context, coalesce.Value);
                    Check(context, coalesce.WhenNull);
                    return;
                case IFieldReferenceOperation field when SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, _exitCodes):
                    return;
            }

            if (value.ConstantValue.HasValue)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExitCodeNotFromExitCodes, reportAt.Syntax.GetLocation(), reportAt.Syntax.ToString()));
            }
        }
    }
}
