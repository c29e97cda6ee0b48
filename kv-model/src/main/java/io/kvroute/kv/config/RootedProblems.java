package io.kvroute.kv.config;

import io.kvroute.kv.model.Problem;
import java.util.List;

/** The model reports keys relative to the root ({@code http/services/app/...}); users need them in full. */
final class RootedProblems {
    private RootedProblems() {
    }

    static List<Problem> underRoot(List<Problem> problems, String root) {
        return problems.stream()
                .map(p -> new Problem(root + "/" + p.key(), p.value(), p.severity(), p.reason(), p.entity()))
                .toList();
    }
}
