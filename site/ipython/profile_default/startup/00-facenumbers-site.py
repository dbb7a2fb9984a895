# The website's kernels (make site): calculators become static twins, charts site charts.
# See facenumbers.twins.site. Only the site build uses this folder (IPYTHONDIR).
from facenumbers.twins.site import enable_site_mode

enable_site_mode()
