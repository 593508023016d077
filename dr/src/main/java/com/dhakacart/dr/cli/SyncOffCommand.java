package com.dhakacart.dr.cli;

import com.dhakacart.dr.agent.SyncSupervisor;
import com.dhakacart.dr.settings.Postgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code sync-off}: the manual brake for when the agent is gone and will not come back. */
@Command(name = "sync-off", mixinStandardHelpOptions = true,
        description = {"Make commits asynchronous now (ALTER SYSTEM RESET synchronous_standby_names)."
                + " Only needed when the agent died and cannot be restarted: a running agent does this itself"
                + " within DR_SYNC_GRACE_SECONDS of losing its receiver, and switches back when it streams again."})
final class SyncOffCommand implements Callable<Integer> {

    @ParentCommand
    DrMain main;

    @Mixin
    SharedOptions options;

    @Override
    public Integer call() {
        new SyncSupervisor(new Postgres(main.settings()), main.progress()).disableSynchronous();
        main.out.println(options.json ? "{\"synchronous\":false}" : "commits are asynchronous");
        return ExitCodes.OK;
    }
}
