using Xunit;

// The patch points of the test hosts are static and shared by the tests: run the tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
