using Closient.Bench;

// closient-bench --direct <url> --gateway <url> [--concurrency N] [--seconds D] [--rounds R] [--warmup W]
// closient-bench stub [--urls http://127.0.0.1:5193]
// closient-bench plain [--urls http://127.0.0.1:5195]
// closient-bench seed-resolver --connection CS --products N --serials M --out FILE
// closient-bench resolver --plain URL --gateway ROOT --gtins FILE --serials M [...]   (eng/bench/run.sh --resolver; docs/resolver-benchmark.md)
// closient-bench seed-search --connection CS [--products N --stores S --offers O]   (eng/bench/run.sh --search; docs/search-benchmark.md)
// closient-bench search --gateway ROOT --direct ROOT --signing-key B64 --connection CS [--api-key KEY] [...]
// closient-bench search-lag --connection CS --amqp URI [--rate 500 --lag-seconds 20 --sample 10]
// closient-bench accounts-stub [--urls http://127.0.0.1:5197]
if (args.Length > 0 && args[0] == "stub")
{
    await StubService.RunAsync(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "plain")
{
    await PlainService.RunAsync(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "seed-resolver") return await ResolverSeed.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "resolver") return await ResolverBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "seed-search") return await SearchSeed.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "search") return await SearchBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "search-lag") return await SearchLag.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "accounts-stub")
{
    await AccountsStub.RunAsync(args[1..]);
    return 0;
}

if (!BenchOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
return await Benchmark.RunAsync(options, Console.Out);
