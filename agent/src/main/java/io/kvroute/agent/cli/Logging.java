package io.kvroute.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Routes JUL (gRPC, jetcd) into SLF4J/logback and applies {@code --log.level}, the option of the root command of both
 * jars ({@code io.kvroute.cli.KvrouteCommand} of kvroute.jar, {@link AgentJarCommand} of kvroute-agent.jar).
 */
public final class Logging {
    /** {@code --log.level}'s help, the same in both jars. */
    public static final String LEVEL_HELP = "Log level: error, warn, info, debug, trace (default: ${DEFAULT-VALUE}). "
            + "debug also prints stack traces of failures.";

    private Logging() {
    }

    /** Sends JUL's records to SLF4J, before the command runs. */
    public static void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Sets the root logger's level; below INFO, failures are also printed with their stack traces. */
    public static void setLevel(Level level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
        io.kvroute.kv.cli.CliErrors.setStackTraces(!level.isGreaterOrEqual(Level.INFO));
    }

    /**
     * Reads {@code --log.level}; picocli reports a refused value as one line naming the flag:
     * {@code Invalid value for option '--log.level': 'verbose' (expected: error, warn, info, debug or trace)}.
     */
    public static final class LevelConverter implements ITypeConverter<Level> {
        @Override
        public Level convert(String name) {
            Level level = Level.toLevel(name, null);
            if (level == null) {
                throw new TypeConversionException("'" + name + "' (expected: error, warn, info, debug or trace)");
            }
            return level;
        }
    }
}
