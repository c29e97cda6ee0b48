package io.kvroute.proxy.middleware.compress;

import static io.kvroute.proxy.middleware.compress.ContentCoding.BROTLI;
import static io.kvroute.proxy.middleware.compress.ContentCoding.GZIP;
import static io.kvroute.proxy.middleware.compress.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of Traefik's own negotiation tests (acceptencoding_test.go, compress_test.go TestNegotiation). */
class AcceptEncodingTest {
    private static final AcceptEncoding DEFAULTS = new AcceptEncoding(List.of(GZIP, BROTLI, ZSTD), Optional.empty());

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "gzip, br | gzip",
        "gzip, br, zstd | gzip",
        "compress, gzip | gzip",
        "compress, rar | none",
        "* | gzip",
        "br;q=0.8, gzip;q=1.0, *;q=0.1 | gzip",
        "br;q=0.8, identity;q=1.0 | none",
        "br;q=0.8, identity;q=0.8 | br",
        "compress;q=1.0, gzip;q=0.5 | gzip",
        "compress;q=1.0, gzip, identity;q=0 | gzip",
        "compress;q=1.0, identity;q=0 | none",
        "compress;q=1.0, *;q=0 | none",
        "gzip, *;q=0 | gzip",
        "br;q=0, gzip;q=0, zstd;q=0 | none",
        "br;q=1.0, gzip;q=1.0, zstd;q=1.0 | gzip",
        "br;q=1.0, zstd;q=1.0, gzip;q=1.0 | gzip",
        "br;q=0.8, gzip;q=0.6 | br",
        "zstd;q=0.9, br;q=0.8, gzip;q=0.6 | zstd",
        "gzip;q=0.8, br;q=1.0, zstd;q=0.7 | br",
        "notreal | none",
        "GZIP | none",
        "gzip;q=abc, br;q=0.1 | br",
        "gzip;q=0.5;level=1, br;q=0.1 | br",
        "br;q=1e999, gzip | br",
        "gzip;q=-1, br;q=NaN | gzip",
        "gzip;q=0x1p-2, br;q=0.2 | gzip",
    })
    void choosesAsTraefik(String accept, String expected) {
        assertThat(DEFAULTS.choose(List.of(accept)).map(ContentCoding::token)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void anEmptyHeaderMeansIdentity() {
        assertThat(DEFAULTS.choose(List.of(""))).isEmpty();
    }

    @Test
    void readsEveryAcceptEncodingLine() {
        assertThat(DEFAULTS.choose(List.of("br;q=0.5", "zstd;q=0.7"))).contains(ZSTD);
    }

    @Test
    void theWildcardIsTheDefaultEncoding() {
        AcceptEncoding brotliDefault = new AcceptEncoding(List.of(GZIP, BROTLI, ZSTD), Optional.of(BROTLI));

        assertThat(brotliDefault.choose(List.of("*"))).contains(BROTLI);
        assertThat(brotliDefault.choose(List.of("br;q=1.0, zstd;q=1.0, gzip;q=1.0"))).contains(GZIP);
        assertThat(brotliDefault.choose(List.of("br;q=0, gzip;q=0, zstd;q=0"))).isEmpty();
    }

    @Test
    void onlyConfiguredEncodingsCount() {
        assertThat(new AcceptEncoding(List.of(BROTLI, GZIP), Optional.empty()).choose(List.of("zstd, gzip, br")))
                .contains(BROTLI);
        assertThat(new AcceptEncoding(List.of(ZSTD, BROTLI), Optional.empty())
                .choose(List.of("br;q=0.8, gzip;q=1.0, *;q=0.1"))).contains(BROTLI);
        assertThat(new AcceptEncoding(List.of(GZIP, BROTLI), Optional.empty()).choose(List.of("gzip, br;q=0.9")))
                .contains(GZIP);
    }

    @ParameterizedTest(name = "[{0}] accepts gzip: {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip | true",
        "GZip ; q=0.5 | true",
        "br, gzip;q=0 | false",
        "* | false",
        "br | false",
        "gzip;q=2 | true",
        "gzip;q=x | false",
    })
    void gzipIsCheckedAgainOnTheFirstLine(String accept, boolean expected) {
        assertThat(AcceptEncoding.acceptsGzip(Optional.of(accept))).isEqualTo(expected);
    }

    @Test
    void parsesWeightsAsGo() {
        assertThat(Arrays.asList(AcceptEncoding.goFloat("0.5"), AcceptEncoding.goFloat(".5"),
                AcceptEncoding.goFloat("1."), AcceptEncoding.goFloat("+Inf"), AcceptEncoding.goFloat("1d"),
                AcceptEncoding.goFloat(" 1"), AcceptEncoding.goFloat("")))
                .containsExactly(0.5, 0.5, 1.0, Double.POSITIVE_INFINITY, 0.0, 0.0, 0.0);
    }
}
