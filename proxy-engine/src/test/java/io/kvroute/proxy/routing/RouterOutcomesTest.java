package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The routers' outcomes a build keeps read as one table whether the redone ones are still kept beside the table they
 * were redone from or merged into a new one, and the snapshots before keep theirs.
 */
class RouterOutcomesTest {
    @Test
    void redoneOutcomesReplaceAddAndRemoveWhetherKeptBesideTheTableOrMergedIntoIt() {
        Map<String, BuildMemo.RouterOutcome> first = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            first.put("r" + i, outcome("r" + i));
        }
        RouterOutcomes table = RouterOutcomes.NONE.with(first);
        BuildMemo.RouterOutcome replaced = outcome("r1");
        Map<String, BuildMemo.RouterOutcome> change = new HashMap<>();
        change.put("r1", replaced);
        change.put("r2", null);
        change.put("new", outcome("new"));

        RouterOutcomes changed = table.with(change); // 3 of 64: kept beside the table

        assertThat(changed.get("r1")).isSameAs(replaced);
        assertThat(changed.get("r2")).isNull();
        assertThat(changed.get("new")).isNotNull();
        assertThat(changed.get("r3")).isSameAs(first.get("r3"));
        assertThat(names(changed)).hasSize(64).contains("new", "r1").doesNotContain("r2");
        assertThat(table.get("r1")).as("the outcomes before").isSameAs(first.get("r1"));
        assertThat(table.get("r2")).isSameAs(first.get("r2"));
        assertThat(names(table)).hasSize(64).doesNotContain("new");

        Map<String, BuildMemo.RouterOutcome> many = new HashMap<>();
        for (int i = 10; i < 20; i++) {
            many.put("r" + i, null);
        }
        RouterOutcomes merged = changed.with(many); // 13 of 64: merged into a new table

        assertThat(names(merged)).hasSize(54).contains("new", "r1").doesNotContain("r2", "r10", "r19");
        assertThat(merged.get("r1")).isSameAs(replaced);
        assertThat(merged.get("r3")).isSameAs(first.get("r3"));
        assertThat(names(changed)).as("the outcomes before").hasSize(64).contains("r10");
    }

    private static List<String> names(RouterOutcomes outcomes) {
        List<String> names = new ArrayList<>();
        outcomes.forEach(outcome -> names.add(outcome.router().name()));
        return names;
    }

    private static BuildMemo.RouterOutcome outcome(String router) {
        return new BuildMemo.RouterOutcome(Router.of(router, "Host(`" + router + ".test`)", "api"), Optional.empty(),
                List.of("service api does not exist"), Optional.of("api"), ServiceResolver.Resolution.missing("api"),
                List.of(), Map.of());
    }
}
