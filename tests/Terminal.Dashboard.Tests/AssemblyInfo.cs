using Xunit;

// One headless browser at a time: the browser and HTTP tests share the merchant server fixture's data.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
