package io.kvroute.agent.registration;

import io.kvroute.kv.store.KvStoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a registrar reports, for assertions from the test thread. */
final class RecordingRegistrarListener implements RegistrarListener {
    record Corrected(String key, Correction correction) {
    }

    final List<Corrected> corrections = new CopyOnWriteArrayList<>();
    final List<String> grantedLeases = new CopyOnWriteArrayList<>();
    final List<String> lostLeases = new CopyOnWriteArrayList<>();
    final List<SharedKeyConflict> conflicts = new CopyOnWriteArrayList<>();
    final List<KvStoreException.Kind> storeErrors = new CopyOnWriteArrayList<>();
    final AtomicInteger reconciles = new AtomicInteger();
    final AtomicInteger storeCalls = new AtomicInteger();

    @Override
    public void reconciled(boolean succeeded) {
        reconciles.incrementAndGet();
    }

    @Override
    public void corrected(String key, Correction correction) {
        corrections.add(new Corrected(key, correction));
    }

    @Override
    public void leaseGranted(String leaseId) {
        grantedLeases.add(leaseId);
    }

    @Override
    public void leaseLost(String leaseId) {
        lostLeases.add(leaseId);
    }

    @Override
    public void conflictFound(SharedKeyConflict conflict) {
        conflicts.add(conflict);
    }

    @Override
    public void storeError(KvStoreException.Kind kind) {
        storeErrors.add(kind);
    }

    @Override
    public void storeCall(String operation, java.time.Duration latency) {
        storeCalls.incrementAndGet();
    }

    List<Corrected> correctionsOf(String key) {
        return corrections.stream().filter(corrected -> corrected.key().equals(key)).toList();
    }
}
