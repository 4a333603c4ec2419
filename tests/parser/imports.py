import a
import a.b.c
import a.b as c, d
from a import b
from a.b import c as d, e
from . import x
from .. import y
from ...pkg.mod import z
from .... import w
from m import *
from m import (a,
  b as c,
)
