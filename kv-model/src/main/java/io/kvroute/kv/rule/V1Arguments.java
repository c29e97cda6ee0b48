package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;

/** Turns the arguments of one v1 rule part into matches, per matcher: alternatives, header pairs, query terms. */
final class V1Arguments {
    private V1Arguments() {
    }

    static RuleExpr expand(SourceText source, TextSlice name, Matcher matcher, List<ParsedArg> args) {
        if (matcher.listsAlternatives()) {
            return MatchBuilder.alternatives(source, matcher, RuleSyntax.V1, args);
        }
        switch (matcher) {
            case HEADER:
            case HEADER_REGEXP:
                return headerPairs(source, name, matcher, args);
            case QUERY:
                return queryTerms(source, args);
            case REPLACE_PATH_REGEX:
                requireOne(source, name, args);
                return replacePathRegex(source, args.get(0));
            default:
                requireOne(source, name, args);
                return MatchBuilder.match(source, matcher, RuleSyntax.V1, args);
        }
    }

    private static RuleExpr headerPairs(SourceText source, TextSlice name, Matcher matcher, List<ParsedArg> args) {
        if (args.size() % 2 != 0) {
            throw source.error(name.offset(), name.text(), name.text() + " expects name,value pairs, got "
                    + args.size() + (args.size() == 1 ? " argument" : " arguments"));
        }
        List<RuleExpr> matches = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            matches.add(MatchBuilder.match(source, matcher, RuleSyntax.V1, args.subList(i, i + 2)));
        }
        return MatchBuilder.allOf(matches);
    }

    private static RuleExpr queryTerms(SourceText source, List<ParsedArg> args) {
        List<RuleExpr> matches = new ArrayList<>();
        for (ParsedArg term : args) {
            int equals = term.value().indexOf('=');
            if (equals < 0 || term.value().indexOf('=', equals + 1) >= 0) {
                throw source.error(term.offset(), term.token(),
                        "Query argument '" + term.value() + "' must be key=value or key= (exactly one '=')");
            }
            if (equals == 0) {
                throw source.error(term.offset(), term.token(), "Query argument '" + term.value() + "' has no key");
            }
            ParsedArg key = new ParsedArg(term.value().substring(0, equals), term.offset(), term.token());
            String value = term.value().substring(equals + 1);
            List<ParsedArg> keyAndValue = value.isEmpty() ? List.of(key)
                    : List.of(key, new ParsedArg(value, term.offset() + equals + 1, value));
            matches.add(MatchBuilder.match(source, Matcher.QUERY, RuleSyntax.V1, keyAndValue));
        }
        return MatchBuilder.allOf(matches);
    }

    private static RuleExpr replacePathRegex(SourceText source, ParsedArg arg) {
        int space = arg.value().indexOf(' ');
        if (space < 0) {
            throw source.error(arg.offset(), arg.token(), "ReplacePathRegex argument '" + arg.value()
                    + "' must be a regular expression and a replacement separated by a space");
        }
        TextSlice regex = new TextSlice(arg.value().substring(0, space), arg.offset()).trim();
        TextSlice replacement = new TextSlice(arg.value().substring(space + 1), arg.offset() + space + 1).trim();
        return MatchBuilder.match(source, Matcher.REPLACE_PATH_REGEX, RuleSyntax.V1, List.of(
                new ParsedArg(regex.text(), regex.offset(), regex.text()),
                new ParsedArg(replacement.text(), replacement.offset(), replacement.text())));
    }

    private static void requireOne(SourceText source, TextSlice name, List<ParsedArg> args) {
        if (args.size() != 1) {
            throw source.error(name.offset(), name.text(),
                    name.text() + " expects 1 argument, got " + args.size());
        }
    }
}
