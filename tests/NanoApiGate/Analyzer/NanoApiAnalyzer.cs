using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace NanoApiGate.Analyzer
{
    /// <summary>
    /// Reports, as errors, what the nanoFramework 1.x runtime cannot run although the C# compiler accepts
    /// it, and explains every name the compiler cannot resolve against the API listings.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NanoApiAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Rules.GenericTypeDeclaration, Rules.GenericMethodDeclaration, Rules.GenericTypeUse, Rules.GenericMethodUse,
            Rules.Async, Rules.Decimal, Rules.NullableValueType, Rules.Tuple, Rules.Record, Rules.Dynamic,
            Rules.NotInApi, Rules.Linq, Rules.EnumText);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();

            context.RegisterSyntaxNodeAction(TypeDeclaration,
                SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.InterfaceDeclaration,
                SyntaxKind.DelegateDeclaration, SyntaxKind.RecordDeclaration, SyntaxKind.RecordStructDeclaration);
            context.RegisterSyntaxNodeAction(MethodDeclaration, SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement);
            context.RegisterSyntaxNodeAction(AsyncFunction,
                SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
            context.RegisterSyntaxNodeAction(Await, SyntaxKind.AwaitExpression);
            context.RegisterSyntaxNodeAction(AwaitForEachOrUsing,
                SyntaxKind.ForEachStatement, SyntaxKind.ForEachVariableStatement, SyntaxKind.UsingStatement, SyntaxKind.LocalDeclarationStatement);
            context.RegisterSyntaxNodeAction(GenericName, SyntaxKind.GenericName);
            context.RegisterSyntaxNodeAction(PredefinedType, SyntaxKind.PredefinedType);
            context.RegisterSyntaxNodeAction(NumericLiteral, SyntaxKind.NumericLiteralExpression);
            context.RegisterSyntaxNodeAction(NullableType, SyntaxKind.NullableType);
            context.RegisterSyntaxNodeAction(TupleSyntax, SyntaxKind.TupleType, SyntaxKind.TupleExpression);
            context.RegisterSyntaxNodeAction(Identifier, SyntaxKind.IdentifierName);
            context.RegisterSyntaxNodeAction(Query, SyntaxKind.QueryExpression);
            context.RegisterOperationAction(GenericMethodUse, OperationKind.Invocation, OperationKind.MethodReference);
            context.RegisterOperationAction(EnumToString, OperationKind.Invocation);
            context.RegisterOperationAction(EnumInText, OperationKind.Binary, OperationKind.Interpolation);
            context.RegisterSemanticModelAction(UnresolvedNames);
        }

        // ------------------------------------------------------------------ declarations

        static void TypeDeclaration(SyntaxNodeAnalysisContext context)
        {
            switch (context.Node)
            {
                case RecordDeclarationSyntax record:
                    context.ReportDiagnostic(Diagnostic.Create(Rules.Record, record.Identifier.GetLocation(), record.Identifier.ValueText));
                    if (record.TypeParameterList != null)
                        context.ReportDiagnostic(Diagnostic.Create(Rules.GenericTypeDeclaration, record.Identifier.GetLocation(), Name(record.Identifier, record.TypeParameterList)));
                    break;
                case TypeDeclarationSyntax type when type.TypeParameterList != null:
                    context.ReportDiagnostic(Diagnostic.Create(Rules.GenericTypeDeclaration, type.Identifier.GetLocation(), Name(type.Identifier, type.TypeParameterList)));
                    break;
                case DelegateDeclarationSyntax del when del.TypeParameterList != null:
                    context.ReportDiagnostic(Diagnostic.Create(Rules.GenericTypeDeclaration, del.Identifier.GetLocation(), Name(del.Identifier, del.TypeParameterList)));
                    break;
            }
        }

        static void MethodDeclaration(SyntaxNodeAnalysisContext context)
        {
            SyntaxToken identifier;
            TypeParameterListSyntax? typeParameters;
            SyntaxTokenList modifiers;
            if (context.Node is MethodDeclarationSyntax method)
            {
                identifier = method.Identifier; typeParameters = method.TypeParameterList; modifiers = method.Modifiers;
            }
            else
            {
                var local = (LocalFunctionStatementSyntax)context.Node;
                identifier = local.Identifier; typeParameters = local.TypeParameterList; modifiers = local.Modifiers;
            }
            if (typeParameters != null)
                context.ReportDiagnostic(Diagnostic.Create(Rules.GenericMethodDeclaration, identifier.GetLocation(), Name(identifier, typeParameters)));
            foreach (var m in modifiers)
                if (m.IsKind(SyntaxKind.AsyncKeyword))
                    context.ReportDiagnostic(Diagnostic.Create(Rules.Async, m.GetLocation(), "async method '" + identifier.ValueText + "'"));
        }

        static void AsyncFunction(SyntaxNodeAnalysisContext context)
        {
            var function = (AnonymousFunctionExpressionSyntax)context.Node;
            if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                context.ReportDiagnostic(Diagnostic.Create(Rules.Async, function.AsyncKeyword.GetLocation(), "async lambda"));
        }

        static void Await(SyntaxNodeAnalysisContext context)
        {
            var await = (AwaitExpressionSyntax)context.Node;
            context.ReportDiagnostic(Diagnostic.Create(Rules.Async, await.AwaitKeyword.GetLocation(), "'" + Shorten(await.ToString()) + "'"));
        }

        static void AwaitForEachOrUsing(SyntaxNodeAnalysisContext context)
        {
            SyntaxToken awaitKeyword = default;
            switch (context.Node)
            {
                case CommonForEachStatementSyntax forEach: awaitKeyword = forEach.AwaitKeyword; break;
                case UsingStatementSyntax usingStatement: awaitKeyword = usingStatement.AwaitKeyword; break;
                case LocalDeclarationStatementSyntax local: awaitKeyword = local.AwaitKeyword; break;
            }
            if (awaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                context.ReportDiagnostic(Diagnostic.Create(Rules.Async, awaitKeyword.GetLocation(), "'await " + context.Node.GetFirstToken().GetNextToken().ValueText + "'"));
        }

        // ------------------------------------------------------------------ uses

        static void GenericName(SyntaxNodeAnalysisContext context)
        {
            var name = (GenericNameSyntax)context.Node;
            if (name.IsPartOfStructuredTrivia()) return;   // <see cref="List{T}"/> in a doc comment is fine
            var info = context.SemanticModel.GetSymbolInfo(name, context.CancellationToken);
            var symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
            if (symbol is IMethodSymbol)
                context.ReportDiagnostic(Diagnostic.Create(Rules.GenericMethodUse, name.GetLocation(), name.ToString()));
            else
                context.ReportDiagnostic(Diagnostic.Create(Rules.GenericTypeUse, name.GetLocation(), name.ToString()));
        }

        static void GenericMethodUse(OperationAnalysisContext context)
        {
            IMethodSymbol? method = context.Operation is IInvocationOperation invocation ? invocation.TargetMethod
                : context.Operation is IMethodReferenceOperation reference ? reference.Method : null;
            if (method == null || !method.IsGenericMethod) return;
            // explicit type arguments (Foo<int>(...)) are already reported on the GenericName
            var syntax = context.Operation.Syntax;
            SyntaxNode nameNode = syntax is InvocationExpressionSyntax inv ? inv.Expression : syntax;
            if (nameNode is MemberAccessExpressionSyntax access) nameNode = access.Name;
            if (nameNode is GenericNameSyntax) return;
            context.ReportDiagnostic(Diagnostic.Create(Rules.GenericMethodUse, nameNode.GetLocation(),
                method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }

        // ------------------------------------------------------------------ enum names

        /// <summary>The operand's type before an implicit boxing conversion (enum + string boxes the enum).</summary>
        static ITypeSymbol? UnderlyingOperandType(IOperation? operand)
        {
            while (operand is IConversionOperation conversion && conversion.IsImplicit)
                operand = conversion.Operand;
            return operand?.Type;
        }

        static void EnumToString(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "ToString" || invocation.Instance == null) return;
            if (UnderlyingOperandType(invocation.Instance) is { TypeKind: TypeKind.Enum } receiver)
                context.ReportDiagnostic(Diagnostic.Create(Rules.EnumText, invocation.Syntax.GetLocation(),
                    receiver.Name + ".ToString()"));
        }

        static void EnumInText(OperationAnalysisContext context)
        {
            if (context.Operation is IBinaryOperation binary)
            {
                if (binary.OperatorKind != BinaryOperatorKind.Add || binary.Type?.SpecialType != SpecialType.System_String) return;
                foreach (IOperation side in new[] { binary.LeftOperand, binary.RightOperand })
                {
                    if (UnderlyingOperandType(side) is { TypeKind: TypeKind.Enum } type)
                        context.ReportDiagnostic(Diagnostic.Create(Rules.EnumText, side.Syntax.GetLocation(),
                            "string + " + type.Name));
                }
            }
            else if (context.Operation is IInterpolationOperation hole)
            {
                if (UnderlyingOperandType(hole.Expression) is { TypeKind: TypeKind.Enum } type)
                    context.ReportDiagnostic(Diagnostic.Create(Rules.EnumText, hole.Syntax.GetLocation(),
                        "interpolated " + type.Name));
            }
        }

        static void PredefinedType(SyntaxNodeAnalysisContext context)
        {
            var type = (PredefinedTypeSyntax)context.Node;
            if (type.Keyword.IsKind(SyntaxKind.DecimalKeyword))
                context.ReportDiagnostic(Diagnostic.Create(Rules.Decimal, type.GetLocation(), "decimal"));
        }

        static void NumericLiteral(SyntaxNodeAnalysisContext context)
        {
            var literal = (LiteralExpressionSyntax)context.Node;
            if (literal.Token.Value is decimal)
                context.ReportDiagnostic(Diagnostic.Create(Rules.Decimal, literal.GetLocation(), literal.Token.Text));
        }

        static void NullableType(SyntaxNodeAnalysisContext context)
        {
            var nullable = (NullableTypeSyntax)context.Node;
            if (nullable.IsPartOfStructuredTrivia()) return;
            var element = context.SemanticModel.GetTypeInfo(nullable.ElementType, context.CancellationToken).Type;
            // 'string?' is only an annotation (and nullable reference types are off); value types need Nullable<T>
            if (element == null || element.IsValueType || element.TypeKind == TypeKind.Error || element.TypeKind == TypeKind.TypeParameter && !element.IsReferenceType)
                context.ReportDiagnostic(Diagnostic.Create(Rules.NullableValueType, nullable.GetLocation(), nullable.ToString()));
        }

        static void TupleSyntax(SyntaxNodeAnalysisContext context)
        {
            // nested tuples are reported once, on the outermost one
            if (context.Node.Parent is TupleElementSyntax || context.Node.Parent is ArgumentSyntax arg && arg.Parent is TupleExpressionSyntax) return;
            context.ReportDiagnostic(Diagnostic.Create(Rules.Tuple, context.Node.GetLocation(), Shorten(context.Node.ToString())));
        }

        static void Identifier(SyntaxNodeAnalysisContext context)
        {
            var id = (IdentifierNameSyntax)context.Node;
            if (id.Identifier.ValueText != "dynamic" || id.IsPartOfStructuredTrivia()) return;
            var type = context.SemanticModel.GetTypeInfo(id, context.CancellationToken).Type;
            if (type != null && type.TypeKind == TypeKind.Dynamic)
                context.ReportDiagnostic(Diagnostic.Create(Rules.Dynamic, id.GetLocation(), id.Parent is ExpressionSyntax || id.Parent is VariableDeclarationSyntax ? Shorten(id.Parent.ToString()) : "dynamic"));
        }

        static void Query(SyntaxNodeAnalysisContext context)
        {
            var query = (QueryExpressionSyntax)context.Node;
            context.ReportDiagnostic(Diagnostic.Create(Rules.Linq, query.FromClause.GetLocation(), Shorten(query.ToString())));
        }

        // ------------------------------------------------------------------ names the compiler cannot resolve

        static readonly ImmutableHashSet<string> UnresolvedIds = ImmutableHashSet.Create(
            "CS0246",   // type or namespace name not found
            "CS0234",   // type or namespace does not exist in the namespace
            "CS0103",   // name does not exist in the current context
            "CS0117",   // type does not contain a definition for
            "CS1061",   // no definition and no accessible extension method
            "CS0426",   // type name does not exist in the type
            "CS0400",   // not found in the global namespace
            "CS0518",   // predefined type not defined or imported
            "CS0656");  // missing compiler required member

        static void UnresolvedNames(SemanticModelAnalysisContext context)
        {
            var model = context.SemanticModel;
            var root = model.SyntaxTree.GetRoot(context.CancellationToken);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in model.GetDiagnostics(null, context.CancellationToken))
            {
                if (diagnostic.Severity != DiagnosticSeverity.Error || !UnresolvedIds.Contains(diagnostic.Id)) continue;
                if (!diagnostic.Location.IsInSource) continue;
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                string? display = DisplayName(diagnostic, node, model);
                if (display == null || CoveredBySpecificRule(display)) continue;
                if (!seen.Add(diagnostic.Location.SourceSpan + display)) continue;
                context.ReportDiagnostic(Diagnostic.Create(Rules.NotInApi, diagnostic.Location, display, Hints.For(display)));
            }
        }

        /// <summary>The unresolved name a compiler diagnostic points at, or null when none can be told.</summary>
        static string? DisplayName(Diagnostic diagnostic, SyntaxNode node, SemanticModel model)
        {
            if (diagnostic.Id == "CS0518" || diagnostic.Id == "CS0656")
                return QuotedArgument(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

            if (node is SimpleNameSyntax simple)
            {
                switch (simple.Parent)
                {
                    case QualifiedNameSyntax qualified when qualified.Right == simple:
                        return qualified.ToString();
                    case MemberAccessExpressionSyntax access when access.Name == simple:
                    {
                        var receiver = model.GetTypeInfo(access.Expression).Type;
                        var receiverSymbol = model.GetSymbolInfo(access.Expression).Symbol;
                        if (receiverSymbol is INamespaceOrTypeSymbol nt)
                            return nt.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "." + simple.ToString();
                        if (receiver != null && receiver.TypeKind != TypeKind.Error)
                            return receiver.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "." + simple.ToString();
                        return access.ToString();
                    }
                    case AliasQualifiedNameSyntax alias when alias.Name == simple:
                        return alias.ToString();
                }
                return simple.ToString();
            }
            if (node is QualifiedNameSyntax || node is MemberAccessExpressionSyntax || node is NameSyntax)
                return node.ToString();
            var quoted = QuotedArgument(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            return quoted ?? Shorten(node.ToString());
        }

        /// <summary>Missing predefined types behind decimal, int?, tuples, records and async already have their own NFG rule.</summary>
        static bool CoveredBySpecificRule(string display)
            => display == "System.Decimal" || display == "System.Nullable`1" || display == "System.IEquatable`1"
               || display.StartsWith("System.ValueTuple", StringComparison.Ordinal)
               || display.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal);

        static string? QuotedArgument(string message)
        {
            int open = message.IndexOf('\'');
            if (open < 0) return null;
            int close = message.IndexOf('\'', open + 1);
            return close > open ? message.Substring(open + 1, close - open - 1) : null;
        }

        // ------------------------------------------------------------------ helpers

        static string Name(SyntaxToken identifier, TypeParameterListSyntax typeParameters)
            => identifier.ValueText + typeParameters.ToString();

        static string Shorten(string text)
        {
            text = text.Replace("\r", " ").Replace("\n", " ");
            while (text.Contains("  ")) text = text.Replace("  ", " ");
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
