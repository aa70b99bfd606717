import BigramCLI

await BigramCommand.main()
