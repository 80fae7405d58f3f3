using Platform.Stacks.Cli;

return CommandLine.Run(args, Console.Out, Console.Error);
