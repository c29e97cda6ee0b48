package io.kvroute.proxy.testing;

import com.google.common.io.Closer;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxySettings;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up end-to-end proxy tests share, as one JUnit extension: a real etcd for the test class (an
 * {@link EtcdExtension}) and, per test, the backends and the {@link RunningProxy} the test takes, closed after it
 * (the proxy first). A test class registers it static and takes what it needs in field initialisers, which JUnit
 * runs for every test once etcd is up, so each test class says only what differs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProxyHarness HARNESS = new ProxyHarness();
 *
 * private final Backend backend = HARNESS.backend("backend");
 * private final RunningProxy proxy = HARNESS.proxy();
 * }</pre>
 *
 * After each test etcd is brought back if the test stopped or paused it, so the next test's proxy finds it serving.
 */
public final class ProxyHarness implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    private final EtcdExtension etcd = new EtcdExtension();
    private Closer opened = Closer.create();

    /** Starts a {@link Backend} answering {@code name}, closed after the test. */
    public Backend backend(String name) {
        Backend backend = Backend.start(name);
        opened.register(backend::close);
        return backend;
    }

    /** Starts a proxy with {@link RunningProxy#settings()} on the emptied {@code traefik} roots, closed after the test. */
    public RunningProxy proxy() {
        return proxy(RunningProxy.settings());
    }

    /** Starts a proxy with {@code settings} on the emptied {@code traefik} roots, closed after the test. */
    public RunningProxy proxy(ProxySettings settings) {
        RunningProxy proxy = RunningProxy.start(etcd, settings);
        opened.register(proxy::close);
        return proxy;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        etcd.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        etcd.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            closeOpened();
        } finally {
            // The next test's fields start its proxy before any beforeEach: bring etcd back now, not then.
            etcd.beforeEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            closeOpened();
        } finally {
            etcd.afterAll(context);
        }
    }

    /** Closes what the test opened, last opened first; a failure to close fails the test. */
    private void closeOpened() throws IOException {
        Closer closing = opened;
        opened = Closer.create();
        closing.close();
    }
}
