from ssrm.cli import main

main()
