package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private fields and methods of Undertow's classes that the proxy uses where Undertow offers no public way
 * ({@link KeepAlivePool}, {@link GoAwayChannel}, {@link Http2ConnectionEnd}), found through {@link VarHandle}s and
 * {@link MethodHandle}s. They were read in Undertow 2.3.27; another version may name, type or place them otherwise:
 * then the caller gets none of those it asked for and falls back to Undertow's public path, and one warning line says
 * which were not found and what the proxy does instead. Never an error when a class initialises.
 */
final class UndertowInternals {
    private static final Logger LOG = LoggerFactory.getLogger(UndertowInternals.class);
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "int", int.class);

    /** A private field or method of an Undertow class, named by the binary name of its class. */
    sealed interface Internal permits Field, Method {
        /** Its handle, looked up in {@code owner}. */
        Object find(MethodHandles.Lookup lookup, Class<?> owner) throws ReflectiveOperationException;

        String owner();
    }

    /** A field, with the name of its type. */
    record Field(String owner, String name, String type) implements Internal {
        Field {
            requireNonNull(owner, "owner");
            requireNonNull(name, "name");
            requireNonNull(type, "type");
        }

        @Override
        public Object find(MethodHandles.Lookup lookup, Class<?> owner) throws ReflectiveOperationException {
            return lookup.findVarHandle(owner, name, classNamed(type));
        }

        @Override
        public String toString() {
            return owner + "." + name + " (" + type + ")";
        }
    }

    /** An instance method that returns nothing, with the names of its parameters' types. */
    record Method(String owner, String name, List<String> parameters) implements Internal {
        Method {
            requireNonNull(owner, "owner");
            requireNonNull(name, "name");
            parameters = List.copyOf(parameters);
        }

        @Override
        public Object find(MethodHandles.Lookup lookup, Class<?> owner) throws ReflectiveOperationException {
            List<Class<?>> types = new ArrayList<>();
            for (String parameter : parameters) {
                types.add(classNamed(parameter));
            }
            return lookup.findVirtual(owner, name, MethodType.methodType(void.class, types));
        }

        @Override
        public String toString() {
            return owner + "." + name + "(" + String.join(", ", parameters) + ")";
        }
    }

    /** The handles found, in the order they were asked for. */
    record Found(List<Object> handles) {
        Found {
            handles = List.copyOf(handles);
        }

        VarHandle field(int index) {
            return (VarHandle) handles.get(index);
        }

        MethodHandle method(int index) {
            return (MethodHandle) handles.get(index);
        }
    }

    private UndertowInternals() {
    }

    /**
     * A handle on each of {@code internals}; empty, after one warning line naming those not found and
     * {@code fallback} (what the caller does without them), when any is not.
     */
    static Optional<Found> find(String fallback, Internal... internals) {
        List<Object> found = new ArrayList<>(internals.length);
        List<String> missing = new ArrayList<>();
        for (Internal internal : internals) {
            try {
                Class<?> owner = Class.forName(internal.owner());
                found.add(internal.find(MethodHandles.privateLookupIn(owner, MethodHandles.lookup()), owner));
            } catch (ReflectiveOperationException | SecurityException | LinkageError e) {
                missing.add(internal + ": " + e);
            }
        }
        if (!missing.isEmpty()) {
            LOG.warn("Undertow's internals not found (another Undertow version than 2.3.27?): {}; {}",
                    String.join("; ", missing), fallback);
            return Optional.empty();
        }
        return Optional.of(new Found(found));
    }

    private static Class<?> classNamed(String name) throws ClassNotFoundException {
        Class<?> primitive = PRIMITIVES.get(name);
        return primitive != null ? primitive : Class.forName(name);
    }
}
