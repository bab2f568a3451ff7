/* rt_task_room.c - a task built in the room in front of its coroutine's
 * frame (ac__set_task_origin, issue 12): one block, freed by the frame,
 * whichever of the two goes last; a room no task takes; a hint another
 * kind of frame meets; the struct sizes the bench's bytes per task come
 * from. */
#include "rt_loop_util.h"

#include "gen/frame.h"
#include "task/task_name.h"

static void *room_of(void *c)
{
    return (char *)c - AC__TASK_ROOM;
}

static void test_task_in_room(void)
{
    ac_loop *loop = ac_loop_new();
    ac__set_task_origin("room.ac:3");
    ac_coro *c = sleeper(0, 41);
    CU_ASSERT_EQUAL(((ac_frame *)c)->flags & (AC__F_ROOM | AC__F_ROOM_FREE),
                    AC__F_ROOM | AC__F_ROOM_FREE);
    ac_task *t = ac_loop_create_task(loop, c, "roomy");
    CU_ASSERT_PTR_EQUAL(t, room_of(c));
    CU_ASSERT_PTR_EQUAL(ac__task_coro(t), c); /* found, not kept */
    CU_ASSERT_FALSE(((ac_frame *)c)->flags & AC__F_ROOM_FREE);
    ac_incref(t);
    long r = 0;
    run_ok(loop, t, &r);
    CU_ASSERT_EQUAL(r, 42);
    CU_ASSERT_STRING_EQUAL(ac_task_get_name(t), "roomy");
    CU_ASSERT_EQUAL(ac__task_names_count(), 1);
    ac_decref(t); /* the frame goes with it, and the name */
    CU_ASSERT_EQUAL(ac__task_names_count(), 0);
    ac_loop_free(loop);
}

/* The frame outlives its task: the block stays until the frame goes. */
static void test_frame_outlives_task(void)
{
    ac_loop *loop = ac_loop_new();
    ac__set_task_origin("room.ac:5");
    ac_coro *c = sleeper(0, 6);
    ac_incref(c);
    ac_task *t = ac_loop_create_task(loop, c, NULL);
    CU_ASSERT_PTR_EQUAL(t, room_of(c));
    ac_incref(t);
    long r = 0;
    run_ok(loop, t, &r);
    CU_ASSERT_EQUAL(r, 7);
    ac_decref(t);
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(ac_coro_getstate(c), AC_CORO_CLOSED);
    CU_ASSERT_STRING_EQUAL(ac_coro_origin(c), "room.ac:5");
    CU_ASSERT_EQUAL(*(long *)ac__frame_result((ac_frame *)c), 7);
    ac_decref(c);
}

/* A second task given the same coroutine has a block of its own, and
 * outlives the frame's first task. */
static void test_room_taken_once(void)
{
    ac_loop *loop = ac_loop_new();
    ac__set_task_origin("room.ac:7");
    ac_coro *c = sleeper(0, 1);
    ac_incref(c);
    ac_task *first = ac_loop_create_task(loop, c, NULL);
    CU_ASSERT_PTR_EQUAL(first, room_of(c));
    ac_incref(first);
    run_ok(loop, first, NULL);
    ac_task *second = ac_loop_create_task(loop, c, NULL);
    CU_ASSERT_PTR_NOT_EQUAL(second, room_of(c));
    CU_ASSERT_PTR_EQUAL(ac__task_coro(second), c); /* kept, one word */
    CU_ASSERT_PTR_EQUAL(ac__task_coro(first), c);
    ac_decref(first); /* its block stays: the frame is held */
    ac_incref(second);
    CU_ASSERT_EQUAL(ac_loop_run_until_complete(loop, second, NULL), -1);
    ASSERT_RAISED(ac_RuntimeError, "cannot reuse already awaited coroutine");
    ac_loop_free(loop);
    ac_decref(second); /* holds the frame, and so the first's block */
}

/* A coroutine made for a task that never becomes one frees its block (the
 * room unused) and warns as any coroutine never awaited. */
static void test_room_unused(void)
{
    ac__set_task_origin("room.ac:9");
    ac_coro *c = sleeper(0, 1);
    CU_ASSERT_TRUE(((ac_frame *)c)->flags & AC__F_ROOM_FREE);
    capture cap;
    capture_begin(&cap);
    CU_ASSERT_PTR_NULL(ac_create_task(c, NULL)); /* no running loop */
    char *err = capture_end(&cap);
    ASSERT_RAISED(ac_RuntimeError, "no running event loop");
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "room.ac:9: RuntimeWarning: coroutine 'sleeper' was never "
                    "awaited\n"));
    free(err);
}

/* The hint is for the next coroutine frame only: a generator made first
 * gets no room, and clears it. */
static void test_hint_not_for_generators(void)
{
    static const ac_code gen_code = {
        "g", "room.ac", 1,    AC_KIND_GEN, sizeof(ac_frame), 0, 0,
        0,   0,         NULL, NULL};
    ac__set_task_origin("room.ac:11");
    ac_frame *g = ac__frame_new(&gen_code);
    CU_ASSERT_FALSE(g->flags & (AC__F_ROOM | AC__F_ROOM_FREE));
    ac_coro *c = sleeper(0, 1);
    CU_ASSERT_FALSE(((ac_frame *)c)->flags & (AC__F_ROOM | AC__F_ROOM_FREE));
    ac_coro_close(c);
    ac_decref(c);
    ac_decref(g);
}

/* What a suspended trivial task costs (bench/tasks.sh): a task, and a
 * frame of a header and its locals, in one block. */
static void test_sizes(void)
{
    CU_ASSERT_TRUE(sizeof(ac_task) <= AC__TASK_ROOM);
    CU_ASSERT_TRUE(AC__TASK_ROOM - sizeof(ac_task) < 16);
    CU_ASSERT_EQUAL(AC__TASK_ROOM % 16, 0);
    CU_ASSERT_TRUE(sizeof(ac_task) <= 80);
    CU_ASSERT_TRUE(sizeof(ac_future) <= 64);
    /* a coroutine's head carries no value in or out, nor a link among the
     * running frames (its driver's is on the C stack): a generator's does
     * (ac_gen_frame), and the runtime gives its frame room for them */
    CU_ASSERT_TRUE(sizeof(ac_frame) <= 64);
    CU_ASSERT_EQUAL(sizeof(ac_gen_frame),
                    sizeof(ac_frame) + 4 * sizeof(void *));
    /* bench/tasks.ac's worker: 16 bytes of locals, 160 with its task */
    if (sizeof(void *) == 8)
        CU_ASSERT_TRUE(AC__TASK_ROOM + sizeof(ac_frame) + 16 <= 160);
    static const ac_code small_gen = {
        "g", "room.ac", 1,    AC_KIND_GEN, sizeof(ac_frame), 0, 0,
        0,   0,         NULL, NULL};
    CU_ASSERT_EQUAL(ac__frame_room_at(&small_gen), sizeof(ac_gen_frame));
    ac_frame *g = ac__frame_new(&small_gen);
    CU_ASSERT_PTR_NULL(ac__gf(g)->sent);
    CU_ASSERT_PTR_NULL(ac__gf(g)->out);
    ac_decref(g);
}

/* Names live beside the tasks (task/task_name.c): a given one, and the
 * "Task-N" one formatted when first asked for, each the task's until it
 * goes; many at once (the table grows), none left behind. */
static void test_names_beside(void)
{
    enum { N = 300 };
    ac_loop *loop = ac_loop_new();
    ac_task *tasks[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "t%d", i);
        if (i % 3 == 0)
            ac__set_task_origin("room.ac:13"); /* some in a room */
        tasks[i] =
            ac_loop_create_task(loop, sleeper(0, i), i % 2 ? name : NULL);
    }
    CU_ASSERT_EQUAL(ac__task_names_count(), N / 2);
    for (int i = 0; i < N; i += 2) { /* the unnamed: formatted, once */
        const char *first = ac_task_get_name(tasks[i]);
        CU_ASSERT_PTR_EQUAL(ac_task_get_name(tasks[i]), first);
        CU_ASSERT_EQUAL(strncmp(first, "Task-", 5), 0);
    }
    CU_ASSERT_EQUAL(ac__task_names_count(), N);
    for (int i = 1; i < N; i += 2) {
        char name[32];
        snprintf(name, sizeof name, "t%d", i);
        CU_ASSERT_STRING_EQUAL(ac_task_get_name(tasks[i]), name);
    }
    /* as asyncio's (python3 -c ...), Task-N counts every task made, named
     * or not: the number stays in the task */
    unsigned a, b;
    CU_ASSERT_EQUAL(sscanf(ac_task_get_name(tasks[0]), "Task-%u", &a), 1);
    CU_ASSERT_EQUAL(sscanf(ac_task_get_name(tasks[2]), "Task-%u", &b), 1);
    CU_ASSERT_EQUAL(b, a + 2);
    for (int i = 0; i < N; i++) {
        ac_incref(tasks[i]);
        run_ok(loop, tasks[i], NULL);
        ac_decref(tasks[i]);
    }
    ac_loop_free(loop);
    CU_ASSERT_EQUAL(ac__task_names_count(), 0);
}

static bool holds(ac_task **v, size_t n, const ac_task *t)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == t)
            return true;
    return false;
}

/* The loop's pending tasks are a vector (loop.h): it grows past its
 * first 64 slots, a task done gives its slot to the last one, and
 * all_tasks is exactly the tasks not done, whatever order they end in. */
static void test_pending_vector(void)
{
    enum { N = 300 };
    ac_loop *loop = ac_loop_new();
    ac_task *tasks[N], *got[N];
    for (int i = 0; i < N; i++) /* every third ends first */
        tasks[i] =
            ac_loop_create_task(loop, sleeper(i % 3 ? 0.05 : 0, i), NULL);
    CU_ASSERT_EQUAL(ac_all_tasks(loop, got, N), N);
    ac_incref(tasks[N - 3]); /* the last of those that end first */
    run_ok(loop, tasks[N - 3], NULL);
    for (int i = 0; i < N; i += 3) /* some in the middle too */
        CU_ASSERT_TRUE(ac_task_done(tasks[i]));
    ac_task_cancel(tasks[1], NULL);
    ac_task_cancel(tasks[N - 1], NULL);
    ac_incref(tasks[N - 2]); /* the latest of the sleeps: all end */
    run_ok(loop, tasks[N - 2], NULL);
    size_t n = ac_all_tasks(loop, got, N);
    CU_ASSERT_EQUAL(n, 0);
    CU_ASSERT_EQUAL(ac__loop_npending(loop), 0);
    for (int i = 0; i < N; i++)
        CU_ASSERT_TRUE(ac_task_done(tasks[i]));
    CU_ASSERT_TRUE(ac_task_cancelled(tasks[1]));
    /* again, stopped while two thirds are pending */
    for (int i = 0; i < N; i++) {
        ac_decref(tasks[i]);
        tasks[i] =
            ac_loop_create_task(loop, sleeper(i % 3 ? 0.05 : 0, i), NULL);
    }
    ac_incref(tasks[N - 3]);
    run_ok(loop, tasks[N - 3], NULL);
    n = ac_all_tasks(loop, got, N);
    CU_ASSERT_EQUAL(n, N - N / 3);
    CU_ASSERT_EQUAL(ac__loop_npending(loop), n);
    for (int i = 0; i < N; i++)
        CU_ASSERT_EQUAL(holds(got, n, tasks[i]), i % 3 != 0);
    for (size_t i = 0; i < n; i++) /* each knows its slot */
        CU_ASSERT_PTR_EQUAL(loop->tasks[got[i]->fut.task_slot], got[i]);
    ac_incref(tasks[N - 1]);
    run_ok(loop, tasks[N - 1], NULL);
    CU_ASSERT_EQUAL(ac__loop_npending(loop), 0);
    for (int i = 0; i < N; i++)
        ac_decref(tasks[i]);
    ac_loop_free(loop);
}

int main(void)
{
    static const test_case tests[] = {
        {"a task in its frame's room", test_task_in_room},
        {"the frame outlives its task", test_frame_outlives_task},
        {"the room is taken once", test_room_taken_once},
        {"a room never taken", test_room_unused},
        {"a generator meets the hint", test_hint_not_for_generators},
        {"sizes", test_sizes},
        {"names beside the tasks", test_names_beside},
        {"the loop's vector of pending tasks", test_pending_vector},
        {NULL, NULL}};
    return run_suite("task_room", tests);
}
