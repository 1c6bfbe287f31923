package dev.fvd;

import java.util.function.Supplier;

/**
 * One value computed on its own daemon thread while the caller does something else; {@link #join()} returns it or rethrows
 * what it threw, unwrapped, so typed exceptions (a bad stats file) reach the caller as they would without the thread.
 */
final class Concurrently<T> {
    private final Thread thread;
    private T value;
    private Throwable failure;

    private Concurrently(String name, Supplier<T> task) {
        thread = new Thread(() -> {
            try {
                value = task.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    static <T> Concurrently<T> start(String name, Supplier<T> task) {
        Concurrently<T> c = new Concurrently<>(name, task);
        c.thread.start();
        return c;
    }

    /** The value, once the thread is done (the thread's writes are visible after {@link Thread#join()}). */
    T join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return value;
    }
}
