/**
 * A raster copy of an SVG chart, kept up to date after each render, so the PNG export (which takes a canvas) works for
 * the comparison's SVG charts as for uPlot's canvases. The SVG carries its text colours as attributes, not CSS, so the
 * copy reads the same outside the page.
 */
import { useEffect, useRef, type RefObject } from 'react';

export function useSvgSnapshot(svg: RefObject<SVGSVGElement | null>, deps: readonly unknown[]): RefObject<HTMLCanvasElement | null> {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const node = svg.current;
    if (!node) return;
    let current = true;
    const image = new Image();
    image.onload = () => {
      if (!current) return;
      const target = document.createElement('canvas');
      target.width = node.width.baseVal.value;
      target.height = node.height.baseVal.value;
      target.getContext('2d')?.drawImage(image, 0, 0);
      canvas.current = target;
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(node))}`;
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps: what its chart was drawn from (the ref is stable)
  }, deps);
  return canvas;
}
