package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.kv.store.Lease;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between the registrar's callers (update, drain, close, watches, lease listener) and its reconcile
 * thread: the latest desired state and its version, the reasons to run a pass, and the life-cycle phase. Callers
 * never wait on the store here; the reconcile thread takes one {@link Work} at a time. Thread-safe.
 */
final class ReconcileSignals {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition passEnded = lock.newCondition();
    @GuardedBy("lock")
    private DesiredState desired = DesiredState.empty();
    /** Raised by every new desired state. */
    @GuardedBy("lock")
    private long desiredVersion;
    /** The desired version the latest successful pass wrote. */
    @GuardedBy("lock")
    private long appliedVersion = -1;
    @GuardedBy("lock")
    private boolean triggered;
    /** A lease the store reported lost, not yet taken by the reconcile thread. */
    @GuardedBy("lock")
    private Lease lostLease;
    @GuardedBy("lock")
    private String lostReason;
    @GuardedBy("lock")
    private boolean deregisterRequested;
    @GuardedBy("lock")
    private boolean closeRequested;
    @GuardedBy("lock")
    private Phase phase = Phase.NEW;

    /** What the reconcile thread does next: a pass towards {@code desired}, or its last act. */
    record Work(DesiredState desired, long version, Lease lost, String lostReason, boolean deregister,
            boolean close) {
    }

    /** NEW to RUNNING, with a first pass due; false when already started. */
    boolean start() {
        lock.lock();
        try {
            if (phase != Phase.NEW) {
                return false;
            }
            phase = Phase.RUNNING;
            triggered = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void desire(DesiredState state) {
        lock.lock();
        try {
            desired = requireNonNull(state, "state");
            desiredVersion++;
            triggered = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** RUNNING to DRAINING with {@code drained} desired; returns its version, or -1 when not running. */
    long drain(DesiredState drained) {
        lock.lock();
        try {
            if (phase != Phase.RUNNING) {
                return -1;
            }
            phase = Phase.DRAINING;
            desire(drained);
            return desiredVersion;
        } finally {
            lock.unlock();
        }
    }

    void trigger() {
        lock.lock();
        try {
            triggered = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void leaseLost(Lease lease, String reason) {
        lock.lock();
        try {
            lostLease = lease;
            lostReason = reason;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void requestDeregister() {
        lock.lock();
        try {
            deregisterRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Moves to CLOSED and asks the thread to end; returns the phase before, or null when already stopped/closed. */
    Phase requestClose() {
        lock.lock();
        try {
            if (phase == Phase.STOPPED || phase == Phase.CLOSED) {
                return null;
            }
            Phase before = phase;
            phase = Phase.CLOSED;
            closeRequested = true;
            wake.signalAll();
            return before;
        } finally {
            lock.unlock();
        }
    }

    void stopped() {
        lock.lock();
        try {
            phase = Phase.STOPPED;
        } finally {
            lock.unlock();
        }
    }

    Phase phase() {
        lock.lock();
        try {
            return phase;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a reason to act or until {@code deadlineNanos} ({@link System#nanoTime()}), then takes the work. */
    Work await(long deadlineNanos) {
        lock.lock();
        try {
            while (!triggered && lostLease == null && !deregisterRequested && !closeRequested) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    wake.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    if (closeRequested) {
                        break;
                    }
                }
            }
            Work work = new Work(desired, desiredVersion, lostLease, lostReason, deregisterRequested, closeRequested);
            triggered = false;
            lostLease = null;
            lostReason = null;
            return work;
        } finally {
            lock.unlock();
        }
    }

    /** A pass for {@code version} ended. */
    void passEnded(long version, boolean succeeded) {
        lock.lock();
        try {
            if (succeeded) {
                appliedVersion = Math.max(appliedVersion, version);
            }
            passEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a pass wrote {@code version} (true) or {@code timeout} passed or close was requested (false). */
    boolean awaitApplied(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (appliedVersion < version && !closeRequested) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                passEnded.awaitNanos(remaining);
            }
            return appliedVersion >= version;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
