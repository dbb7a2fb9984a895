# JupyterHub's configuration for a class's hub: `facenumbers hub start` runs
#   jupyterhub -f <this file>   with FACENUMBERS_HUB_PLAN naming the plan it saved.
# The settings themselves are in facenumbers/hub/config.py (documented there).
import os

from facenumbers.hub.config import configure, load

if "get_config" in globals():  # read by JupyterHub as its config file (not imported as a module)
    configure(get_config(), load(os.environ["FACENUMBERS_HUB_PLAN"]))  # noqa: F821
