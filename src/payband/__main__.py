from payband.cli.main import run

run()
