package io.kvroute.structure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The main Java sources of every module of the build: the directories next to {@code units/} that have a
 * {@code src/main/java}, read as text. A top-level type is a declaration that starts at the beginning of a line (the
 * project indents everything nested), after any modifiers.
 */
final class MainSources {
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^(?:(?:public|abstract|final|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)"
                    + "\\s+([A-Za-z_$][\\w$]*)", Pattern.MULTILINE);

    /** One main source file and the simple names of the top-level types it declares. */
    record SourceFile(Path path, List<String> topLevelTypes) {
        SourceFile {
            topLevelTypes = List.copyOf(topLevelTypes);
        }

        /** The file name without {@code .java}: the name its public type must have. */
        String baseName() {
            String name = path.getFileName().toString();
            return name.substring(0, name.length() - ".java".length());
        }
    }

    private MainSources() {
    }

    /** The repository root: the parent of the units module (system property {@code kvroute.units.dir}). */
    static Path root() {
        String units = System.getProperty("kvroute.units.dir");
        if (units == null) {
            throw new IllegalStateException("kvroute.units.dir is not set (expected: run through Maven)");
        }
        return Path.of(units).toAbsolutePath().normalize().getParent();
    }

    /** The modules with main Java code, by directory name, sorted. */
    static List<String> modules(Path root) {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isDirectory(dir.resolve("src/main/java")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }

    /** Every {@code .java} file under the modules' {@code src/main/java} except package and module descriptors. */
    static List<SourceFile> files(Path root) {
        List<SourceFile> files = new ArrayList<>();
        for (String module : modules(root)) {
            try (Stream<Path> tree = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path path : tree.filter(MainSources::isTypeSource).sorted().toList()) {
                    files.add(new SourceFile(root.relativize(path), topLevelTypes(Files.readString(path))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the sources of " + module, e);
            }
        }
        return files;
    }

    private static boolean isTypeSource(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".java") && !name.equals("package-info.java") && !name.equals("module-info.java");
    }

    static List<String> topLevelTypes(String source) {
        List<String> names = new ArrayList<>();
        Matcher matcher = TOP_LEVEL_TYPE.matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
