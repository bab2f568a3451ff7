/* rt_agen.c - async generators driven by hand (no event loop): the
 * anext/asend/athrow/aclose awaitables with CPython's semantics and
 * messages, introspection, the per-thread hooks and finalization.  An
 * awaitable is a coroutine: ac_coro_send runs it to completion here, since
 * these generators never wait on the loop. */
#include "rt_agen_frames.h"

/* Awaits aw (taken) by sending into it: AC_RETURNED with the value in *v,
 * or AC_RAISED with the exception current. */
static int await_now(void *aw, int *v)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(aw);
    int r = ac_coro_send(aw, NULL, v);
    ac_decref(aw);
    return r;
}

/* Awaits aw and logs the outcome as "value" or "Type(message)". */
static void await_log(void *aw)
{
    int v = 0; /* void results (aclose) leave it */
    if (await_now(aw, &v) == AC_RETURNED)
        log_add("%d", v);
    else
        log_exc("raised");
}

static void test_anext_to_exhaustion(void)
{
    log_clear();
    ac_agen *g = ticker(2, 0);
    CU_ASSERT_STRING_EQUAL(ac_agen_name(g), "ticker");
    CU_ASSERT_FALSE(ac_agen_running(g));
    CU_ASSERT_FALSE(ac_agen_closed(g));
    await_log(ac_anext(g));
    await_log(ac_anext(g));
    CU_ASSERT_FALSE(ac_agen_closed(g));
    await_log(ac_anext(g));
    CU_ASSERT_TRUE(ac_agen_closed(g));
    await_log(ac_anext(g));
    ASSERT_LOG("0 1 ticker-finally raised:StopAsyncIteration() "
               "raised:StopAsyncIteration()");
    CU_ASSERT_FALSE(ac_agen_running(g));
    ac_decref(g);
}

static void test_asend(void)
{
    log_clear();
    ac_agen *g = ticker(3, 0);
    int five = 5, ten = 10;
    await_log(ac_asend(g, &five));
    CU_ASSERT_FALSE(ac_agen_closed(g));
    CU_ASSERT_FALSE(ac_agen_running(g));
    await_log(ac_asend(g, NULL)); /* None: as anext */
    await_log(ac_asend(g, &five));
    await_log(ac_asend(g, &ten));
    await_log(ac_anext(g));
    ASSERT_LOG("raised:TypeError(can't send non-None value to a just-started "
               "async generator) 0 6 17 ticker-finally "
               "raised:StopAsyncIteration()");
    ac_decref(g);
}

static void test_athrow(void)
{
    log_clear();
    ac_agen *g = resilient();
    await_log(ac_anext(g));
    await_log(ac_athrow(g, ac_exc_new(&ac_ValueError, "first")));
    await_log(ac_anext(g));
    await_log(ac_athrow(g, ac_exc_new(&ac_IndexError, "fatal")));
    CU_ASSERT_FALSE(ac_agen_running(g));
    await_log(ac_anext(g));
    /* On a finished generator athrow gives None. */
    await_log(ac_athrow(g, ac_exc_new(&ac_ValueError, "late")));
    ASSERT_LOG("0 caught:first 101 102 raised:IndexError(fatal) "
               "raised:StopAsyncIteration() 0");
    ac_decref(g);
}

static void test_athrow_unstarted(void)
{
    log_clear();
    ac_agen *g = resilient();
    await_log(ac_athrow(g, ac_exc_new(&ac_KeyError, "k")));
    await_log(ac_anext(g));
    ASSERT_LOG("raised:KeyError(k) raised:StopAsyncIteration()");
    CU_ASSERT_TRUE(ac_agen_closed(g));
    CU_ASSERT_PTR_NULL(ac_athrow(g, NULL));
    log_clear();
    log_exc("null");
    ASSERT_LOG("null:TypeError(exceptions must derive from BaseException)");
    ac_decref(g);
}

static void test_aclose(void)
{
    log_clear();
    ac_agen *g = ticker(3, 0);
    await_log(ac_anext(g));
    await_log(ac_aclose(g));
    CU_ASSERT_TRUE(ac_agen_closed(g));
    await_log(ac_aclose(g)); /* finished: nothing to do */
    await_log(ac_anext(g));
    ASSERT_LOG("0 ticker-finally 0 0 raised:StopAsyncIteration()");
    ac_decref(g);

    /* Never started: the body never runs. */
    log_clear();
    g = ticker(3, 0);
    await_log(ac_aclose(g));
    await_log(ac_anext(g));
    ASSERT_LOG("0 raised:StopAsyncIteration()");
    ac_decref(g);
}

static void test_aclose_ignored(void)
{
    log_clear();
    ac_agen *g = stubborn();
    await_log(ac_anext(g));
    await_log(ac_aclose(g));
    CU_ASSERT_TRUE(ac_agen_closed(g));
    CU_ASSERT_FALSE(ac_agen_running(g));
    await_log(ac_aclose(g));
    await_log(ac_anext(g)); /* the finally goes on, re-raising */
    ASSERT_LOG("1 stubborn-finally raised:RuntimeError(async generator "
               "ignored GeneratorExit) raised:StopAsyncIteration() "
               "stubborn-resumed raised:GeneratorExit()");
    ac_decref(g);
}

static void test_stop_async_iteration_inside(void)
{
    log_clear();
    ac_agen *g = leaker();
    await_log(ac_anext(g));
    int v;
    CU_ASSERT_EQUAL(await_now(ac_anext(g), &v), AC_RAISED);
    ac_exc *e = ac_err_fetch();
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(e), "RuntimeError");
    CU_ASSERT_STRING_EQUAL(ac_exc_message(e),
                           "async generator raised StopAsyncIteration");
    CU_ASSERT_PTR_NOT_NULL_FATAL(ac_exc_cause(e));
    CU_ASSERT_STRING_EQUAL(ac_exc_type_name(ac_exc_cause(e)),
                           "StopAsyncIteration");
    ac_decref(e);
    await_log(ac_anext(g));
    ASSERT_LOG("1 raised:StopAsyncIteration()");
    ac_decref(g);
}

static void test_unawaited_awaitables_are_quiet(void)
{
    log_clear();
    ac_agen *g = ticker(3, 0);
    capture c;
    capture_begin(&c);
    ac_decref(ac_anext(g));
    ac_decref(ac_asend(g, NULL));
    ac_decref(ac_athrow(g, ac_exc_new(&ac_ValueError, "never")));
    ac_decref(ac_aclose(g));
    char *err = capture_end(&c);
    CU_ASSERT_STRING_EQUAL(err, "");
    free(err);
    CU_ASSERT_EQUAL(ac_gen_getstate((ac_gen *)g), AC_GEN_CREATED);
    ac_decref(g);
    ASSERT_LOG("");
}

static int plain_resume(ac_frame *f)
{
    (void)f;
    return AC_RETURNED;
}

static const ac_code plain_gen_code = {.name = "plain",
                                       .file = FILE_AC,
                                       .line = 1,
                                       .kind = AC_KIND_GEN,
                                       .frame_size = sizeof(ac_frame),
                                       .yield_size = sizeof(int),
                                       .resume = plain_resume};

/* Python's anext(x) on what is no async generator. */
static void test_not_an_async_generator(void)
{
    log_clear();
    ac_agen *g = (ac_agen *)ac__frame_new(&plain_gen_code);
    CU_ASSERT_PTR_NULL(ac_anext(g));
    log_exc("gen");
    CU_ASSERT_PTR_NULL(ac_aclose(g));
    log_exc("gen");
    CU_ASSERT_PTR_NULL(ac_athrow(g, ac_exc_new(&ac_ValueError, "x")));
    log_exc("gen");
    ac_decref(g);
    CU_ASSERT_PTR_NULL(ac_asend(NULL, NULL));
    log_exc("null");
    /* A constructor that failed left its exception: it stays. */
    ac_err_set(ac_exc_new(&ac_MemoryError, NULL));
    CU_ASSERT_PTR_NULL(ac_anext(NULL));
    log_exc("failed");
    ASSERT_LOG("gen:TypeError('generator' object is not an async iterator) "
               "gen:TypeError('generator' object is not an async iterator) "
               "gen:TypeError('generator' object is not an async iterator) "
               "null:TypeError('NoneType' object is not an async iterator) "
               "failed:MemoryError()");
}

/* Many generators alive at once, freed in a scattered order: each keeps
 * its own record (the per-thread table grows and shrinks). */
static void test_many_generators(void)
{
    enum { N = 2000 };
    static ac_agen *gens[N];
    log_clear();
    for (int i = 0; i < N; i++) {
        gens[i] = ticker(2, 0);
        if (i % 3 != 0)
            ac_decref(ac_anext(gens[i])); /* records hooks_inited */
    }
    int v;
    for (int i = 0; i < N; i += 7)
        CU_ASSERT_EQUAL(await_now(ac_anext(gens[i]), &v), AC_RETURNED);
    for (int k = 0; k < N / 2; k++) { /* 7919 is prime: a permutation */
        int i = (int)((k * 7919L) % N);
        ac_decref(gens[i]);
        gens[i] = NULL;
    }
    bool all_right = true;
    for (int i = 0; i < N; i++) {
        if (gens[i] == NULL)
            continue;
        bool inited = i % 3 != 0 || i % 7 == 0;
        all_right &= ac_agen_hooks_inited(gens[i]) == inited;
        all_right &= !ac_agen_running(gens[i]) && !ac_agen_closed(gens[i]);
        ac_decref(gens[i]);
    }
    CU_ASSERT_TRUE(all_right);
}

/* ---- hooks --------------------------------------------------------------- */

static int firstiter_calls;
static ac_agen *finalized;
static void *kept_aclose;

static void count_firstiter(ac_agen *ag)
{
    firstiter_calls++;
    log_add("firstiter:%s", ac_agen_name(ag));
}

static void fin_one(ac_agen *ag)
{
    finalized = ag;
    log_add("fin-one:%s", ac_agen_name(ag));
}

static void fin_two(ac_agen *ag)
{
    log_add("fin-two:%s", ac_agen_name(ag));
}

/* Keeps the generator alive with an aclose() to run later, as the loop's
 * finalizer does. */
static void fin_keep(ac_agen *ag)
{
    log_add("fin-keep");
    kept_aclose = ac_aclose(ag);
}

static void test_firstiter_at_first_call(void)
{
    log_clear();
    firstiter_calls = 0;
    ac_set_asyncgen_hooks(count_firstiter, NULL);
    ac_agen *g = ticker(3, 0);
    CU_ASSERT_FALSE(ac_agen_hooks_inited(g));
    void *aw = ac_anext(g); /* the call, not the await */
    CU_ASSERT_EQUAL(firstiter_calls, 1);
    CU_ASSERT_TRUE(ac_agen_hooks_inited(g));
    ac_decref(ac_aclose(g));
    await_log(aw);
    await_log(ac_anext(g));
    CU_ASSERT_EQUAL(firstiter_calls, 1);
    ac_set_asyncgen_hooks(NULL, NULL);
    ac_decref(g);
    ASSERT_LOG("firstiter:ticker 0 1 ticker-finally");

    /* Each generator gets its own call, whichever call comes first. */
    ac_set_asyncgen_hooks(count_firstiter, NULL);
    ac_agen *h = resilient();
    ac_decref(ac_athrow(h, ac_exc_new(&ac_ValueError, "x")));
    CU_ASSERT_EQUAL(firstiter_calls, 2);
    ac_set_asyncgen_hooks(NULL, NULL);
    ac_decref(h);
}

static void test_get_set_hooks(void)
{
    ac_agen_hook first = fin_two, fin = fin_two;
    ac_get_asyncgen_hooks(&first, &fin);
    CU_ASSERT_PTR_NULL(first);
    CU_ASSERT_PTR_NULL(fin);
    ac_set_asyncgen_hooks(count_firstiter, fin_one);
    ac_get_asyncgen_hooks(&first, NULL);
    ac_get_asyncgen_hooks(NULL, &fin);
    CU_ASSERT_PTR_EQUAL(first, count_firstiter);
    CU_ASSERT_PTR_EQUAL(fin, fin_one);
    ac_set_asyncgen_hooks(NULL, NULL);
}

/* The finalizer current at the first call is the one called. */
static void test_finalizer_stored_at_first_call(void)
{
    log_clear();
    finalized = NULL;
    ac_set_asyncgen_hooks(NULL, fin_one);
    ac_agen *g = ticker(3, 0);
    void *aw = ac_anext(g);
    ac_set_asyncgen_hooks(NULL, fin_two);
    await_log(aw);
    ac_decref(g); /* unfinished, taken by nobody: released, not closed */
    CU_ASSERT_PTR_EQUAL(finalized, g);
    ac_set_asyncgen_hooks(NULL, NULL);
    ASSERT_LOG("0 fin-one:ticker");
}

static void test_finalizer_not_called_when_done(void)
{
    log_clear();
    ac_set_asyncgen_hooks(NULL, fin_one);
    ac_agen *g = ticker(1, 0);
    await_log(ac_anext(g));
    await_log(ac_anext(g));
    ac_decref(g);
    /* aclose() called: ag_closed, so not the finalizer but a plain close
     * (GeneratorExit at `yield 2` ends the finally block). */
    ac_agen *s = stubborn();
    await_log(ac_anext(s));
    await_log(ac_aclose(s));
    ac_decref(s);
    /* Never iterated: no hooks. */
    ac_decref(ticker(1, 0));
    ac_set_asyncgen_hooks(NULL, NULL);
    ASSERT_LOG("0 ticker-finally raised:StopAsyncIteration() 1 "
               "stubborn-finally raised:RuntimeError(async generator ignored "
               "GeneratorExit)");
}

static void test_finalizer_resurrects(void)
{
    log_clear();
    kept_aclose = NULL;
    ac_set_asyncgen_hooks(NULL, fin_keep);
    ac_agen *g = ticker(3, 0);
    await_log(ac_anext(g));
    ac_set_asyncgen_hooks(NULL, NULL);
    ac_decref(g); /* alive again: kept_aclose holds it */
    CU_ASSERT_PTR_NOT_NULL_FATAL(kept_aclose);
    CU_ASSERT_FALSE(ac_agen_closed(g));
    await_log(kept_aclose); /* the last reference goes: freed, no 2nd call */
    ASSERT_LOG("0 fin-keep ticker-finally 0");
}

/* With no finalizer, dropping a suspended generator closes it at once. */
static void test_drop_closes_without_finalizer(void)
{
    log_clear();
    ac_agen *g = ticker(3, 0);
    await_log(ac_anext(g));
    ac_decref(g);
    ASSERT_LOG("0 ticker-finally");
}

static void test_drop_ignoring_generator_exit(void)
{
    log_clear();
    ac_agen *g = stubborn();
    await_log(ac_anext(g));
    ac_err_set(ac_exc_new(&ac_KeyError, "kept aside"));
    capture c;
    capture_begin(&c);
    ac_decref(g);
    char *err = capture_end(&c);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "Exception ignored in: <async_generator object stubborn "
                    "at 0x"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(err, "RuntimeError: async generator ignored GeneratorExit"));
    free(err);
    log_exc("current"); /* the dealloc left it alone */
    ASSERT_LOG("1 stubborn-finally current:KeyError(kept aside)");
}

/* ---- the yield hook ------------------------------------------------------ */

static void log_yield(ac_agen *ag, const void *value)
{
    log_add("yielded:%s:%d", ac_agen_name(ag), *(const int *)value);
}

static void test_yield_hook(void)
{
    log_clear();
    ac_set_asyncgen_yield_hook(log_yield);
    ac_agen *g = resilient();
    await_log(ac_anext(g));
    await_log(ac_athrow(g, ac_exc_new(&ac_ValueError, "v")));
    await_log(ac_aclose(g));
    ac_set_asyncgen_yield_hook(NULL);
    ac_agen *t = ticker(2, 0);
    await_log(ac_anext(t));
    ac_decref(t);
    ac_decref(g);
    ASSERT_LOG("yielded:resilient:0 0 caught:v yielded:resilient:101 101 0 0 "
               "ticker-finally");
}

static const test_case tests[] = {
    {"anext to exhaustion", test_anext_to_exhaustion},
    {"asend", test_asend},
    {"athrow", test_athrow},
    {"athrow on a generator never started", test_athrow_unstarted},
    {"aclose", test_aclose},
    {"aclose ignored", test_aclose_ignored},
    {"StopAsyncIteration inside", test_stop_async_iteration_inside},
    {"unawaited awaitables are quiet", test_unawaited_awaitables_are_quiet},
    {"not an async generator", test_not_an_async_generator},
    {"many generators", test_many_generators},
    {"firstiter at the first call", test_firstiter_at_first_call},
    {"get and set hooks", test_get_set_hooks},
    {"finalizer stored at the first call", test_finalizer_stored_at_first_call},
    {"finalizer not called when done", test_finalizer_not_called_when_done},
    {"finalizer resurrects", test_finalizer_resurrects},
    {"drop closes without a finalizer", test_drop_closes_without_finalizer},
    {"drop of a generator ignoring GeneratorExit",
     test_drop_ignoring_generator_exit},
    {"yield hook", test_yield_hook},
    {NULL, NULL}};

int main(void)
{
    return run_suite("agen", tests);
}
