import BigramCLI

BigramCommand.main()
