from ssrm.cli import main

# Guarded: worker processes (``ssrm scan --processes``) start by spawn, which imports this module again.
if __name__ == "__main__":
    main()
