module vcr.dev/eval/go-oracle

go 1.19
