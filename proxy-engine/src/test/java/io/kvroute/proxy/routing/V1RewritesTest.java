package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kvroute.kv.rule.RuleParser;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V1RewritesTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("PathPrefixStrip:/api", "/api/users", new RewrittenPath("/users", List.of("/api"), List.of())),
                arguments("PathPrefixStrip:/api", "/api", new RewrittenPath("/", List.of("/api"), List.of())),
                arguments("PathPrefixStrip:/api", "/apiv2", new RewrittenPath("/v2", List.of("/api"), List.of())),
                // longest prefix first, whatever the written order
                arguments("PathPrefixStrip:/a,/a/b", "/a/b/c", new RewrittenPath("/c", List.of("/a/b"), List.of())),
                arguments("PathPrefixStrip:/a/b,/a", "/a/b/c", new RewrittenPath("/c", List.of("/a/b"), List.of())),
                arguments("PathPrefixStrip:/a,/a/b", "/a/x", new RewrittenPath("/x", List.of("/a"), List.of())),
                arguments("PathStrip:/x", "/x", new RewrittenPath("/", List.of("/x"), List.of())),
                arguments("PathPrefixStripRegex:/api/{v:v[0-9]+}", "/api/v2/users",
                        new RewrittenPath("/users", List.of("/api/v2"), List.of())),
                arguments("PathStripRegex:/u/{id:[0-9]+}", "/u/17", new RewrittenPath("/", List.of("/u/17"), List.of())),
                arguments("AddPrefix:/v1", "/users", new RewrittenPath("/v1/users", List.of(), List.of())),
                arguments("ReplacePath:/new", "/old/x", new RewrittenPath("/new", List.of(), List.of("/old/x"))),
                arguments("ReplacePathRegex:^/old/(.*) /new/$1", "/old/a/b",
                        new RewrittenPath("/new/a/b", List.of(), List.of("/old/a/b"))),
                arguments("ReplacePathRegex:^/old/(?<rest>.*) /new/${rest}x", "/old/a",
                        new RewrittenPath("/new/ax", List.of(), List.of("/old/a"))),
                arguments("ReplacePathRegex:^/old/(.*) /new/$1", "/other",
                        new RewrittenPath("/other", List.of(), List.of())),
                arguments("ReplacePathRegex:o /$$$2", "/foo", new RewrittenPath("/f/$/$", List.of(), List.of("/foo"))),
                // Traefik v1 order: strip regex, strip, add prefix, replace regex, replace
                arguments("AddPrefix:/v1;PathPrefixStrip:/api", "/api/users",
                        new RewrittenPath("/v1/users", List.of("/api"), List.of())),
                arguments("ReplacePath:/fixed;PathPrefixStrip:/api", "/api/users",
                        new RewrittenPath("/fixed", List.of("/api"), List.of("/users"))),
                arguments("PathPrefixStrip:/users;PathPrefixStripRegex:/v{n:[0-9]+}", "/v2/users/7",
                        new RewrittenPath("/7", List.of("/v2", "/users"), List.of())),
                // a later part of the same kind replaces the earlier one
                arguments("PathPrefixStrip:/a;PathPrefixStrip:/a/b", "/a/b/c",
                        new RewrittenPath("/c", List.of("/a/b"), List.of())),
                arguments("Host:a.com", "/x", RewrittenPath.of("/x")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void rewrites(String rule, String path, RewrittenPath expected) {
        assertThat(RuleCompiler.compile(RuleParser.parseV1(rule)).rewrites().apply(path)).isEqualTo(expected);
    }

    @Test
    void stepsAreOrderedAsTraefikAppliesThem() {
        PathRewrites rewrites = RuleCompiler.compile(RuleParser.parseV1(
                "ReplacePath:/r;AddPrefix:/p;PathPrefixStrip:/s,/longer;ReplacePathRegex:a b;PathStripRegex:/{x}"))
                .rewrites();
        assertThat(rewrites.steps()).containsExactly(
                new PathRewrite.StripPrefixRegex(List.of("/{x}")),
                new PathRewrite.StripPrefix(List.of("/longer", "/s")),
                new PathRewrite.AddPrefix("/p"),
                new PathRewrite.ReplacePathRegex("a", "b"),
                new PathRewrite.ReplacePath("/r"));
    }
}
