package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser for v1 frontend routes ({@code Host:a,b;PathPrefixStrip:/api}), following Traefik v1.7 {@code rules.go}: the
 * rule splits on {@code ;} into ANDed parts, empty parts are skipped, the matcher name is the trimmed text before the
 * first {@code :}, and the arguments split on {@code ,} (empty fields skipped) and are trimmed.
 */
final class V1RuleParser {
    private final SourceText source;

    private V1RuleParser(SourceText source) {
        this.source = source;
    }

    static RuleExpr parse(String text) {
        SourceText source = new SourceText(text);
        if (text.isBlank()) {
            throw source.error(0, "", "empty rule");
        }
        V1RuleParser parser = new V1RuleParser(source);
        List<RuleExpr> parts = new ArrayList<>();
        for (TextSlice part : TextSlice.split(text, 0, text.length(), ';')) {
            parts.add(parser.part(part));
        }
        if (parts.isEmpty()) {
            throw source.error(0, text, "empty rule (only ';')");
        }
        return MatchBuilder.allOf(parts);
    }

    private RuleExpr part(TextSlice part) {
        TextSlice trimmed = part.trim();
        if (trimmed.text().isEmpty()) {
            throw source.error(part.offset(), part.text(), "expected 'Matcher:arguments' between ';', found only spaces");
        }
        int colon = part.text().indexOf(':');
        if (colon < 0) {
            throw source.error(trimmed.offset(), trimmed.text(),
                    "expected 'Matcher:arguments', found '" + trimmed.text() + "' (no ':')");
        }
        int colonOffset = part.offset() + colon;
        TextSlice name = new TextSlice(part.text().substring(0, colon), part.offset()).trim();
        if (name.text().isEmpty()) {
            throw source.error(colonOffset, ":", "missing matcher name before ':'");
        }
        Matcher matcher = Matcher.fromV1Name(name.text()).orElseThrow(() -> source.error(name.offset(), name.text(),
                "unknown matcher '" + name.text() + "' (expected one of " + String.join(", ", Matcher.v1Names())
                        + ")"));
        List<ParsedArg> args = new ArrayList<>();
        for (TextSlice field : TextSlice.split(source.text(), colonOffset + 1, part.end(), ',')) {
            TextSlice arg = field.trim();
            args.add(new ParsedArg(arg.text(), arg.offset(), arg.text()));
        }
        if (args.isEmpty()) {
            throw source.error(colonOffset + 1, "", name.text() + " has no arguments");
        }
        return V1Arguments.expand(source, name, matcher, args);
    }
}
