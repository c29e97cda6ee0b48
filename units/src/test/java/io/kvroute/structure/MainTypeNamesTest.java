package io.kvroute.structure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.structure.MainSources.SourceFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One name per thing: no two top-level types in the main code of all modules share a simple name, so a class name
 * in a log line, a stack trace or a review means one class, and no file needs a fully qualified name to tell two
 * apart.
 */
class MainTypeNamesTest {
    /** Fewer files than this means the scan missed a module (there are about 420). */
    private static final int AT_LEAST_FILES = 300;

    private final Path root = MainSources.root();
    private final List<SourceFile> files = MainSources.files(root);

    @Test
    void the_scan_covers_every_module_with_main_code() {
        assertThat(MainSources.modules(root)).contains("kv-model", "agent", "proxy-engine");
        assertThat(files).as("main source files scanned").hasSizeGreaterThanOrEqualTo(AT_LEAST_FILES);
    }

    @Test
    void every_file_declares_the_top_level_type_it_is_named_after() {
        assertThat(files).allSatisfy(file -> assertThat(file.topLevelTypes())
                .as("top-level types of %s", file.path()).contains(file.baseName()));
    }

    @Test
    void no_two_top_level_types_share_a_simple_name() {
        Map<String, List<Path>> byName = new TreeMap<>(files.stream()
                .flatMap(file -> file.topLevelTypes().stream().map(name -> Map.entry(name, file.path())))
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList()))));
        List<String> duplicates = byName.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> entry.getKey() + " is declared " + entry.getValue().size() + " times: "
                        + entry.getValue())
                .toList();
        assertThat(duplicates).as("simple names of top-level types declared more than once (expected: one type "
                + "per name; rename one after what it is)").isEmpty();
    }
}
