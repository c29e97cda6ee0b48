package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class HelpLayoutTest {
    private static final String NL = System.lineSeparator();

    @Test
    void anOptionsDescriptionContinuesTwoColumnsRightOfItsStartAndNoFlagIsSplit() {
        String row = "      --docker.tls.certdir=DIR  Directory with ca.pem, cert.pem and key.pem for a tcp:// "
                + "engine with TLS (default: $DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is set).";

        assertThat(HelpLayout.wrap(row, 80).split(NL)).containsExactly(
                "      --docker.tls.certdir=DIR  Directory with ca.pem, cert.pem and key.pem for",
                "                                  a tcp:// engine with TLS (default:",
                "                                  $DOCKER_CERT_PATH when $DOCKER_TLS_VERIFY is",
                "                                  set).");
    }

    @Test
    void anOptionNameFillingItsColumnStillHangsTheDescriptionUnderItself() {
        String row = "      --drain-grace=DURATION On SIGTERM, how long drained servers stay (weight 0) before "
                + "their keys are deleted (default: 5s).";

        assertThat(HelpLayout.wrap(row, 80).split(NL)).containsExactly(
                "      --drain-grace=DURATION On SIGTERM, how long drained servers stay (weight",
                "                               0) before their keys are deleted (default: 5s).");
    }

    @Test
    void proseWrapsAtItsOwnIndentAndAWordLongerThanALineStandsAlone() {
        String words = "Entry points use Traefik's flag: --entrypoints.NAME.http.encodedCharacters.allowEncodedSlash=true "
                + "relaxes one.";

        assertThat(HelpLayout.wrap(words, 40).split(NL)).containsExactly(
                "Entry points use Traefik's flag:",
                "--entrypoints.NAME.http.encodedCharacters.allowEncodedSlash=true",
                "relaxes one.");
        assertThat(HelpLayout.wrap("  " + words, 40).split(NL)).containsExactly(
                "  Entry points use Traefik's flag:",
                "    --entrypoints.NAME.http.encodedCharacters.allowEncodedSlash=true",
                "    relaxes one.");
    }

    @Test
    void linesThatFitAndBlankLinesAreKeptAsTheyAre() {
        String text = "Usage line" + NL + NL + "  -h, --help   Show this help." + NL;

        assertThat(HelpLayout.wrap(text, 80)).isEqualTo(text);
    }

    @Test
    void aSynopsisFitsBesideItsHeadingAndContinuesUnderItsFirstArgument() {
        String synopsis = "kvroute kv decode [-hV] [--layout=auto|v1|v2|v3] [--log.level=LEVEL] [--prefix=P] [FILE|-]";

        assertThat(("Usage: " + HelpLayout.wrapSynopsis("Usage: ".length(), synopsis, 80)).split(NL)).containsExactly(
                "Usage: kvroute kv decode [-hV] [--layout=auto|v1|v2|v3] [--log.level=LEVEL]",
                "                         [--prefix=P] [FILE|-]");
    }

    @Test
    void everyHelpLineOfAWrappedCommandFitsAndKeepsItsFlagsWhole() {
        CommandLine commandLine = HelpLayout.apply(new CommandLine(new Sample()));

        List<String> lines = Arrays.asList(commandLine.getUsageMessage().split(NL));

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(HelpLayout.WIDTH));
        assertThat(String.join(" ", lines)).contains("--etcd.keepalive.timeout=DURATION",
                "--serverstransport.forwardingtimeouts.responseheadertimeout");
        assertThat(lines).noneMatch(line -> line.endsWith("--etcd.") || line.endsWith("--serverstransport."));
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, description = "A command whose flags are long: "
            + "--etcd.keepalive.timeout=DURATION closes a connection whose ping got no answer in this time, "
            + "--serverstransport.forwardingtimeouts.responseheadertimeout limits a server's response headers.")
    static final class Sample {
        @Option(names = "--etcd.keepalive.timeout", paramLabel = "DURATION", description = "gRPC keep-alive: close an "
                + "etcd connection whose ping got no answer in this time and move to another member.")
        String timeout;
    }
}
