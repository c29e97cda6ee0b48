package io.kvroute.proxy.middleware.circuit;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A function call of an expression, such as {@code NetworkErrorRatio()}: a whole number
 * ({@code LatencyAtQuantileMS}, {@code RequestThreshold}) or a ratio, which oxy compares only with a literal of the
 * same kind (a ratio with {@code 0.5}, never {@code 1}).
 */
record Measure(String call, boolean whole, ToLongFunction<CircuitMetrics> wholeValue,
        ToDoubleFunction<CircuitMetrics> ratioValue) {
    static Measure whole(String call, ToLongFunction<CircuitMetrics> value) {
        return new Measure(call, true, value, metrics -> 0);
    }

    static Measure ratio(String call, ToDoubleFunction<CircuitMetrics> value) {
        return new Measure(call, false, metrics -> 0, value);
    }
}
