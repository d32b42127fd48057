using Closient.Bench;

// closient-bench --direct <url> --gateway <url> [--concurrency N] [--seconds D] [--rounds R] [--warmup W]
// closient-bench stub [--urls http://127.0.0.1:5193]
if (args.Length > 0 && args[0] == "stub")
{
    await StubService.RunAsync(args[1..]);
    return 0;
}

if (!BenchOptions.TryParse(args, out var options, out var error))
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
return await Benchmark.RunAsync(options, Console.Out);
