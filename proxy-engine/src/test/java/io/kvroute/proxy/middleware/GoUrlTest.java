package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What Go's {@code url.Parse(u).String()} gives, following net/url's parse and String, and the URLs it refuses. */
class GoUrlTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://mydomain/a/b%20c?d=1        | http://mydomain/a/b%20c?d=1
            HTTPS://Example.com/x               | https://Example.com/x
            http://h/a b                        | http://h/a%20b
            http://h/a%41b                      | http://h/a%41b
            http://h/a%41 b                     | http://h/aA%20b
            http://h/a?b                        | http://h/a?b
            http://h/x?q=a b                    | http://h/x?q=a b
            http://h/x?q=ü                      | http://h/x?q=%C3%BC
            http://h/p#frag ment                | http://h/p#frag%20ment
            http://h/p#                         | http://h/p
            http://h/p?                         | http://h/p?
            http://user:pw@h/                   | http://user:pw@h/
            http://[::1]:8080/x                 | http://[::1]:8080/x
            http://münchen.de/                  | http://m%C3%BCnchen.de/
            http://h                            | http://h
            http:/p                             | http:/p
            /relative?x=1                       | /relative?x=1
            mailto:someone                      | mailto:someone
            https://foobar.com:443              | https://foobar.com:443
            """)
    void writesTheUrlAsGoWritesItAgain(String url, String expected) {
        assertThat(GoUrl.reserialized(url)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://192.168.0.%31/", "http://h/a%zz", "http://h/a%4", "http://h:8a/", ":foo",
        "1a:b/c", "http://h/\u0001", "http://h/\u007f", "http://a b/", "http://[::1/", "http://h/p#%zz",
        "http://us er@h/"})
    void refusesWhatGoCannotParse(String url) {
        assertThat(GoUrl.reserialized(url)).isEmpty();
    }
}
