package io.ultrawatch.watchdog.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActorTest {
    /** A pool that only queues, so a test sees exactly what was handed to it and runs it when it chooses. */
    private static final class QueuedPool implements java.util.concurrent.Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            Runnable r;
            while ((r = queued.poll()) != null) {
                r.run();
            }
        }
    }

    @Test
    void anIdleActorRunsTheTaskOnTheCallersThread() {
        QueuedPool pool = new QueuedPool();
        Actor actor = new Actor("a", pool);
        List<Thread> ranOn = new ArrayList<>();
        actor.execute(() -> ranOn.add(Thread.currentThread()));
        assertThat(ranOn).containsExactly(Thread.currentThread());
        assertThat(pool.queued).isEmpty();
    }

    @Test
    void aHandedOffTaskNeverRunsOnTheCallersThread() {
        QueuedPool pool = new QueuedPool();
        Actor actor = new Actor("a", pool);
        List<String> ran = new ArrayList<>();
        actor.handOff(() -> ran.add("task"));
        assertThat(ran).isEmpty();
        pool.runAll();
        assertThat(ran).containsExactly("task");
    }

    @Test
    void aTaskForItsOwnActorRunsAfterTheCurrentOneNotInsideIt() {
        Actor actor = new Actor("a", new QueuedPool());
        List<String> order = new ArrayList<>();
        actor.execute(() -> {
            actor.execute(() -> order.add("second"));
            order.add("first");
        });
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void aTaskForAnotherActorFromInsideALoopGoesToThePool() {
        QueuedPool pool = new QueuedPool();
        Actor a = new Actor("a", pool);
        Actor b = new Actor("b", pool);
        List<String> order = new ArrayList<>();
        a.execute(() -> {
            b.execute(() -> order.add("b"));
            order.add("a done");
        });
        assertThat(order).containsExactly("a done");
        assertThat(pool.queued).hasSize(1);
        pool.runAll();
        assertThat(order).containsExactly("a done", "b");
    }

    @Test
    void aFailingTaskDoesNotStopTheNext() {
        Actor actor = new Actor("a", new QueuedPool());
        List<String> ran = new ArrayList<>();
        actor.execute(() -> {
            actor.execute(() -> {
                throw new IllegalStateException("boom (expected by the test)");
            });
            actor.execute(() -> ran.add("after"));
        });
        assertThat(ran).containsExactly("after");
    }

    @Test
    void aLongQueueIsHandedToThePoolAfterABatchSoTheCallerGetsItsThreadBack() {
        QueuedPool pool = new QueuedPool();
        Actor actor = new Actor("a", pool);
        AtomicInteger ran = new AtomicInteger();
        actor.execute(() -> {
            for (int i = 0; i < 200; i++) {
                actor.execute(ran::incrementAndGet);
            }
        });
        assertThat(ran.get()).isLessThan(200);
        assertThat(pool.queued).hasSize(1);
        pool.runAll();
        pool.runAll();
        pool.runAll();
        assertThat(ran.get()).isEqualTo(200);
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeAndInEachSendersOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            Actor actor = new Actor("a", pool);
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger maxInside = new AtomicInteger();
            List<String> seen = new CopyOnWriteArrayList<>();
            int perSender = 2_000;
            CountDownLatch done = new CountDownLatch(4 * perSender);
            for (int s = 0; s < 4; s++) {
                int sender = s;
                senders.execute(() -> {
                    for (int i = 0; i < perSender; i++) {
                        int n = i;
                        actor.execute(() -> {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            seen.add(sender + ":" + n);
                            inside.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxInside.get()).isEqualTo(1);
            for (int s = 0; s < 4; s++) {
                String prefix = s + ":";
                List<Integer> mine = seen.stream().filter(x -> x.startsWith(prefix))
                        .map(x -> Integer.parseInt(x.substring(prefix.length()))).toList();
                assertThat(mine).hasSize(perSender).isSorted();
            }
        } finally {
            senders.shutdownNow();
            pool.shutdownNow();
        }
    }
}
