package io.kvroute.kv.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program the tests start (etcd, nginx, redis-server, ...), looked up in given directories. A missing one fails the
 * test under CI ({@code CI=true}, where scripts/test installs every one) and elsewhere aborts it, saying so loudly.
 */
public final class RequiredBinary {
    private RequiredBinary() {
    }

    /**
     * The executable {@code name} in the first of {@code dirs} that has it; fails ({@code failWhenMissing}) or aborts
     * the tests of {@code testName} with {@code missing} when none has.
     */
    public static Path locate(String name, List<String> dirs, boolean failWhenMissing, String missing,
            String testName) {
        Optional<Path> found = dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        if (failWhenMissing) {
            return Assertions.fail(missing);
        }
        System.err.println("!!! " + testName + " SKIPPED: " + missing + " !!!");
        return Assumptions.abort(missing);
    }

    /** {@code first}, then the directories of {@code PATH}. */
    public static List<String> dirsThenPath(String... first) {
        List<String> dirs = new ArrayList<>(List.of(first));
        dirs.addAll(Arrays.asList(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        return dirs;
    }
}
