// A worker entry that dies while starting (tests the pool's startup-failure cap).
throw new Error('boom while starting')
